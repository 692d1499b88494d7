Console.WriteLine("problatent");
