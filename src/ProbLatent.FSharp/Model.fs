module ProbLatent.FSharp.Model
