/// No input reaches the command line's "unexpected" exit (code 3, kept for bugs) or prints a stack trace. Random files —
/// mutated copies of valid CSV files (Old Faithful, a binary set, iris with its label column), random bytes, huge and tiny
/// numbers, odd separators and line ends, byte-order marks, blank lines, quotes, other encodings; mutated binarized-MNIST
/// files; mutated and truncated saved models (.plm), some with their checksum recomputed so that the damage reaches the
/// parser behind it — go through the readers, which read them or raise a ProbLatentException, and through the command
/// line in-process (Program.Run), which succeeds or prints one "error:" line and exits 1 or 2.
/// Each property runs Generators.caseCount cases; a soak run sets PROBLATENT_PROPERTY_CASES to 10,000 or more.
[<Xunit.Collection("bad input")>]
module ProbLatent.Properties.BadInputProperties

open System
open System.Globalization
open System.IO
open System.Security.Cryptography
open System.Text
open System.Text.RegularExpressions
open FsCheck.FSharp
open Xunit
open ProbLatent
open ProbLatent.Cli
open ProbLatent.Data
open ProbLatent.Files
open ProbLatent.Properties.Generators

// ---- the valid files the cases start from -----------------------------------------------------------------------

let private number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)

let private csvText (header: string list) (rows: string list list) =
    String.Join("\n", String.Join(",", header) :: (rows |> List.map (fun r -> String.Join(",", r)))) + "\n"

/// The first 60 rows of Old Faithful, as faithful.csv holds them.
let private faithful =
    let data = Examples.OldFaithful()
    csvText (List.ofSeq data.ColumnNames) [ for i in 0..59 -> [ number data[i, 0]; number data[i, 1] ] ]

/// 40 rows of 6 binary columns from a fixed seed.
let private binary =
    let r = Random 7
    csvText [ for j in 1..6 -> $"b{j}" ] [ for _ in 1..40 -> [ for _ in 1..6 -> if r.NextDouble() < 0.4 then "1" else "0" ] ]

/// Every 10th row of iris with its species, the label column the shipped iris.csv has.
let private labelled =
    let data = Examples.Iris()
    let species = Examples.IrisSpecies()
    csvText (List.ofSeq data.ColumnNames @ [ "species" ]) [ for i in 0..10..149 -> [ for j in 0..3 -> number data[i, j] ] @ [ species[i] ] ]

let private seeds = dict [ "faithful", faithful; "binary", binary; "labelled", labelled ]

/// 20 binarized-MNIST rows of 16 pixels.
let private mnist =
    let r = Random 11
    Array.concat
        [ Encoding.ASCII.GetBytes BinarizedMnist.Magic
          BitConverter.GetBytes(uint32 20)
          BitConverter.GetBytes(uint32 16)
          Array.init (20 * 16 / 8) (fun _ -> byte (r.Next 256)) ]

// ---- text mutations ---------------------------------------------------------------------------------------------

/// A change to CSV text. Positions are fractions of the text's length, so a case means the same on any text.
type TextMutation =
    | Replace of At: float * Token: string
    | Insert of At: float * Token: string
    | Delete of At: float * Length: int
    | Truncate of At: float
    /// The n-th number of the text (modulo how many there are) becomes the token.
    | Cell of Index: int * Token: string
    /// Every number gets an exponent: 10^k times the value, so beyond double's range or below its smallest.
    | Scale of Exponent: int
    /// Every comma becomes the separator.
    | Separator of string
    /// Every line end becomes this.
    | LineEnds of string

/// How the text is written to the file.
type Encoding' =
    | Utf8
    | Utf8Bom
    | Utf16Bom
    | Latin1

let private tokens =
    [ "1e308"; "-1.7976931348623157e308"; "1e309"; "1e-320"; "4.9e-324"; "-0"; "0"; "1"; "0.5"; "1e75"; "1e74"; "1e15"
      "1e-75"; "1e-310"; "NaN"; "Infinity"; "-∞"; ""; " "; "\"\""; "\""; "\"3.5\""; "\"1,5\""; "1,5"; "0x1F"; "1_000"
      "١٢"; "abc"; ";"; "\t"; ","; ",,"; "\n"; "\r\n"; "\n\n"; "\r"; "\uFEFF"; "\u0000"; "é"; "99999999999"; "2147483648"
      "species"; "waiting,waiting" ]

let private fraction = floatIn 0.0 1.0

/// Mostly changes that leave a file readable with values a fit may not take (numbers scaled or replaced), so that most
/// cases reach the fits; the rest damage the text itself.
let private textMutation =
    Gen.frequency
        [ 1, Gen.map2 (fun a t -> Replace(a, t)) fraction (Gen.elements tokens)
          1, Gen.map2 (fun a t -> Insert(a, t)) fraction (Gen.elements tokens)
          1, Gen.map2 (fun a n -> Delete(a, n)) fraction (Gen.choose (1, 40))
          1, Gen.map Truncate fraction
          4, Gen.map2 (fun i t -> Cell(i, t)) (Gen.choose (0, 500)) (Gen.elements tokens)
          4, Gen.map Scale (Gen.elements [ -330; -310; -300; -160; -76; -75; -20; -15; -14; 13; 14; 15; 20; 38; 39; 74; 76; 150; 300; 309 ])
          1, Gen.map Separator (Gen.elements [ ";"; "\t"; " "; ",,"; "|" ])
          1, Gen.map LineEnds (Gen.elements [ "\r\n"; "\r"; "\n\n"; "\n \n"; "" ]) ]

let private position (at: float) (length: int) = min length (int (at * float length))

let private numberPattern = Regex(@"\d+(\.\d+)?", RegexOptions.Compiled)

let private mutateText (text: string) mutation =
    match mutation with
    | Replace(at, token) ->
        let i = position at text.Length
        text[.. i - 1] + token + (if i < text.Length then text[i + 1 ..] else "")
    | Insert(at, token) -> text.Insert(position at text.Length, token)
    | Delete(at, n) ->
        let i = position at text.Length
        text.Remove(i, min n (text.Length - i))
    | Truncate at -> text[.. position at text.Length - 1]
    | Cell(index, token) ->
        let matches = numberPattern.Matches text
        if matches.Count = 0 then text
        else
            let m = matches[index % matches.Count]
            text[.. m.Index - 1] + token + text[m.Index + m.Length ..]
    | Scale k -> numberPattern.Replace(text, fun m -> $"{m.Value}e{k}")
    | Separator s -> text.Replace(",", s)
    | LineEnds s -> text.Replace("\n", s)

let private encode encoding (text: string) =
    match encoding with
    | Utf8 -> UTF8Encoding(false).GetBytes text
    | Utf8Bom -> Array.append (UTF8Encoding(true).GetPreamble()) (UTF8Encoding(false).GetBytes text)
    | Utf16Bom -> Array.append (UnicodeEncoding(false, true).GetPreamble()) (UnicodeEncoding(false, true).GetBytes text)
    | Latin1 -> Encoding.Latin1.GetBytes text

// ---- byte mutations ---------------------------------------------------------------------------------------------

/// A change to a binary file (a .plm model or a .bin data set).
type ByteMutation =
    | Flip of At: float * Bit: int
    | SetByte of At: float * Value: byte
    | InsertBytes of At: float * Bytes: byte[]
    | DeleteBytes of At: float * Length: int
    | TruncateBytes of At: float
    /// A number in a saved model's JSON header becomes the token, the header length following it.
    | HeaderNumber of Index: int * Token: string
    /// A saved model's checksum recomputed, so that the changes before it reach the parser behind it.
    | Reseal

let private byteMutation =
    Gen.frequency
        [ 3, Gen.map2 (fun a b -> Flip(a, b)) fraction (Gen.choose (0, 7))
          2, Gen.map2 (fun a v -> SetByte(a, byte v)) fraction (Gen.elements [ 0; 1; 0x7F; 0x80; 0xFF; int '"'; int '{'; int '9' ])
          1, Gen.map2 (fun a n -> InsertBytes(a, Array.create n 0xFFuy)) fraction (Gen.choose (1, 9))
          1, Gen.map2 (fun a n -> DeleteBytes(a, n)) fraction (Gen.choose (1, 64))
          1, Gen.map TruncateBytes fraction
          3, Gen.map2 (fun i t -> HeaderNumber(i, t)) (Gen.choose (0, 40))
                 (Gen.elements [ "0"; "-1"; "1"; "3"; "7"; "2147483647"; "2147483648"; "-2147483648"; "99999999999"; "1e308"; "0.5"; "null"; "\"x\"" ]) ]

/// The prefix before a saved model's header: 8 bytes of magic, the version and the header's length.
let private prefixBytes = 16

let private reseal (bytes: byte[]) =
    if bytes.Length < 32 then bytes
    else
        let body = bytes[.. bytes.Length - 33]
        Array.append body (SHA256.HashData body)

let private mutateBytes (bytes: byte[]) mutation =
    let at a = position a bytes.Length
    match mutation with
    | Flip(a, bit) when bytes.Length > 0 ->
        let copy = Array.copy bytes
        let i = min (at a) (bytes.Length - 1)
        copy[i] <- copy[i] ^^^ (1uy <<< bit)
        copy
    | SetByte(a, v) when bytes.Length > 0 ->
        let copy = Array.copy bytes
        copy[min (at a) (bytes.Length - 1)] <- v
        copy
    | InsertBytes(a, inserted) -> Array.concat [ bytes[.. at a - 1]; inserted; bytes[at a ..] ]
    | DeleteBytes(a, n) -> Array.append bytes[.. at a - 1] bytes[min bytes.Length (at a + n) ..]
    | TruncateBytes a -> bytes[.. at a - 1]
    | HeaderNumber(index, token) when bytes.Length >= prefixBytes ->
        let length = int (BitConverter.ToUInt32(bytes, 12))
        if length <= 0 || prefixBytes + length > bytes.Length then bytes
        else
            let header = Encoding.UTF8.GetString(bytes, prefixBytes, length)
            let matches = Regex.Matches(header, @"-?\d+")
            if matches.Count = 0 then bytes
            else
                let m = matches[index % matches.Count]
                let edited = Encoding.UTF8.GetBytes(header[.. m.Index - 1] + token + header[m.Index + m.Length ..])
                let prefix = Array.copy bytes[.. prefixBytes - 1]
                BitConverter.GetBytes(uint32 edited.Length).CopyTo(prefix, 12)
                reseal (Array.concat [ prefix; edited; bytes[prefixBytes + length ..] ])
    | Reseal -> reseal bytes
    | _ -> bytes

// ---- running the readers and the command line -------------------------------------------------------------------

/// Runs a reader: it reads the file or raises a ProbLatentException; anything else is a bug, reported with its type.
let private read (what: string) (reader: unit -> 'a) =
    try reader () |> ignore
    with
    | :? ProbLatentException -> ()
    | e -> failwithf "%s raised %s: %s" what (e.GetType().Name) e.Message

/// Runs the command line in-process: it succeeds, or exits 1 or 2 with one line "error: ..."; never 3, never a stack trace.
let private run (args: string list) =
    let stdout, stderr = new StringWriter(), new StringWriter()
    let code = Program.Run(Array.ofList args, stdout, stderr)
    let out, err = stdout.ToString(), stderr.ToString()
    let show () = sprintf "problatent %s\nexit %d\nstdout:\n%s\nstderr:\n%s" (String.Join(" ", args)) code out err
    if code <> ExitCodes.Success && code <> ExitCodes.DataOrModelError && code <> ExitCodes.UsageError then
        failwithf "exit code %d\n%s" code (show ())
    if Regex.IsMatch(out + err, @"^\s+at \S+\(", RegexOptions.Multiline) then failwithf "a stack trace\n%s" (show ())
    let errors = err.Split('\n', StringSplitOptions.RemoveEmptyEntries ||| StringSplitOptions.TrimEntries)
    if errors |> Array.exists (fun l -> not (l.StartsWith "error: ")) then failwithf "standard error holds more than error lines\n%s" (show ())
    if code <> ExitCodes.Success && errors.Length = 0 then failwithf "a failure without an error line\n%s" (show ())
    // An ArgumentException from inside the library, passed on as it is, means a check that should have come first is missing
    // (a damaged model file's invalid parameters are reported as such, with the constructor's reason).
    if errors |> Array.exists (fun l -> l.Contains "(Parameter '" && not (l.Contains "is corrupt: ")) then failwithf "an internal argument error\n%s" (show ())

/// Small fitted models saved by the command line (and a boolean latent model, which it does not fit), by name, with the
/// data each takes.
let private saveModels (folder: string) =
    let binaryCsv = Path.Combine(folder, "binary.csv")
    File.WriteAllText(binaryCsv, binary)
    let faithfulData = [ "--example"; "old-faithful" ]
    let irisData = [ "--example"; "iris" ]
    let binaryData = [ "--data"; binaryCsv ]
    let fit name data (args: string list) =
        let path = Path.Combine(folder, $"{name}.plm")
        let code = Program.Run(Array.ofList ([ "fit" ] @ data @ args @ [ "--seed"; "1"; "--out"; path ]), TextWriter.Null, TextWriter.Null)
        if code <> ExitCodes.Success then failwithf "could not save the %s model for the property (exit %d)" name code
        name, (path, data)
    let boolean =
        let path = Path.Combine(folder, "boolean.plm")
        LatentModelFile.Save(ProbLatent.Verification.RandomModels.booleanLatent (Random 3) 2 6, path)
        "boolean", (path, binaryData)
    dict
        [ fit "gmm" faithfulData [ "--max-iterations"; "20" ]
          fit "bernoulli" binaryData [ "--model"; "bernoulli-mixture"; "--max-iterations"; "20" ]
          fit "ppca" irisData [ "--model"; "ppca"; "--latent-dim"; "2"; "--backend"; "exact" ]
          fit "fa" irisData [ "--model"; "fa"; "--max-iterations"; "20" ]
          fit "vae" faithfulData [ "--model"; "vae"; "--hidden"; "3"; "--latent-dim"; "1"; "--epochs"; "1"; "--iwae-eval"; "5" ]
          fit "vae-binary" binaryData [ "--model"; "vae"; "--likelihood"; "bernoulli"; "--hidden"; "3"; "--latent-dim"; "1"; "--epochs"; "1"; "--iwae-eval"; "5" ]
          boolean ]

/// A temporary folder for the properties' files, with the models saved in it, made when the properties' collection starts
/// and deleted when it ends: FsCheck.Xunit runs a property's test once per case, so no test can own it.
type Workspace() =
    static let mutable current: (string * Collections.Generic.IDictionary<string, string * string list>) option = None
    let folder = Directory.CreateTempSubdirectory("problatent-bad-input-").FullName
    do
        try current <- Some(folder, saveModels folder)
        with _ ->
            Directory.Delete(folder, true)
            reraise ()

    /// The folder and the saved models, by name, with the data each takes.
    static member Current =
        match current with
        | Some workspace -> workspace
        | None -> invalidOp "the bad-input properties run in the collection 'bad input', whose fixture, Workspace, saves their models: mark their module [<Collection(\"bad input\")>]"

    interface IDisposable with
        member _.Dispose() =
            current <- None
            Directory.Delete(folder, true)

[<CollectionDefinition("bad input")>]
type WorkspaceCollection() =
    interface ICollectionFixture<Workspace>

let private modelNames = [ "gmm"; "bernoulli"; "ppca"; "fa"; "vae"; "vae-binary"; "boolean" ]

// ---- CSV files --------------------------------------------------------------------------------------------------

let private iterative = [ "--restarts"; "1"; "--max-iterations"; "5" ]

/// What is run on a CSV file: "{data}" is its path, "{model:NAME}" a saved model's, "{out}" a path to write to.
let private csvCommands =
    [ [ "fit"; "--data"; "{data}"; "--model"; "gmm" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "gmm"; "--covariance"; "diag"; "--backend"; "vmp" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "gmm"; "--backend"; "vmp"; "--components"; "3" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "bernoulli-mixture" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "bernoulli-mixture"; "--backend"; "vmp" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "sbn"; "--layers"; "1,2" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "ppca"; "--backend"; "exact" ]
      [ "fit"; "--data"; "{data}"; "--model"; "ppca"; "--out"; "{out}" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "fa"; "--backend"; "vmp" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "fa"; "--backend"; "reparameterized"; "--epochs"; "1" ]
      [ "fit"; "--data"; "{data}"; "--model"; "vae"; "--hidden"; "3"; "--latent-dim"; "1"; "--epochs"; "1"; "--iwae-eval"; "5" ]
      [ "fit"; "--data"; "{data}"; "--model"; "vae"; "--likelihood"; "bernoulli"; "--hidden"; "3"; "--latent-dim"; "1"; "--epochs"; "1"; "--iwae-eval"; "5" ]
      [ "compare"; "--data"; "{data}"; "--model"; "gmm"; "--backends"; "em,vmp" ] @ iterative
      [ "compare"; "--data"; "{data}"; "--model"; "ppca"; "--backends"; "exact,em,reparameterized"; "--epochs"; "1"; "--report"; "{out}" ] @ iterative
      [ "compare"; "--data"; "{data}"; "--model"; "bernoulli-mixture"; "--backends"; "em"; "--json" ] @ iterative ]

let private encodeCommands = [ for name in modelNames -> [ "encode"; "--model"; $"{{model:{name}}}"; "--data"; "{data}" ] ]

let private columnChoices =
    [ []; []; []; [ "--drop"; "species" ]; [ "--drop"; "waiting" ]; [ "--columns"; "b1,b3" ]; [ "--columns"; "eruptions" ]
      [ "--drop"; "nope" ]; [ "--columns"; "sepal_length,petal_length,species" ] ]

type CsvCase =
    { Seed: string
      Mutations: TextMutation list
      Encoding: Encoding'
      /// Random bytes instead of a mutated file, when given.
      Noise: byte[] option
      Command: string list }

let private csvCase =
    gen {
        let! seed = Gen.elements (List.ofSeq seeds.Keys)
        let! count = Gen.choose (1, 3)
        let! mutations = Gen.listOfLength count textMutation
        let! encoding = Gen.frequency [ 6, Gen.constant Utf8; 2, Gen.constant Utf8Bom; 1, Gen.constant Utf16Bom; 1, Gen.constant Latin1 ]
        let! noisy = Gen.frequency [ 9, Gen.constant false; 1, Gen.constant true ]
        let! length = Gen.choose (0, 200)
        let! noise = Gen.arrayOfLength length (Gen.choose (0, 255) |> Gen.map byte)
        let! command = Gen.frequency [ 3, Gen.elements csvCommands; 1, Gen.elements encodeCommands ]
        // The labelled file fits only without its label, which most of its cases leave out.
        let! columns = if seed = "labelled" then Gen.frequency [ 3, Gen.constant [ "--drop"; "species" ]; 1, Gen.elements columnChoices ] else Gen.elements columnChoices
        let command = if command[0] = "encode" then command else command @ columns
        return { Seed = seed; Mutations = mutations; Encoding = encoding; Noise = (if noisy then Some noise else None); Command = command }
    }

let private substitute (folder: string) (models: Collections.Generic.IDictionary<string, string * string list>) (data: string) (args: string list) =
    args
    |> List.map (fun a ->
        if a = "{data}" then data
        elif a = "{out}" then Path.Combine(folder, "out")
        elif a.StartsWith "{model:" then fst models[a[7 .. a.Length - 2]]
        else a)

[<CaseProperty(CasesPercent = 300)>]
let ``mutated CSV files are read or refused, by the reader and by every command, never with an unexpected error`` () =
    let folder, models = Workspace.Current
    forCases csvCase (fun c ->
        let bytes =
            match c.Noise with
            | Some noise -> noise
            | None -> c.Mutations |> List.fold mutateText seeds[c.Seed] |> encode c.Encoding
        let path = Path.Combine(folder, "data.csv")
        File.WriteAllBytes(path, bytes)
        read "Csv.Read" (fun () -> Csv.Read path)
        read "Csv.Read with a selection" (fun () -> Csv.Read(path, ColumnSelection.Except [ "species" ]))
        run (substitute folder models path c.Command))

// ---- binarized-MNIST files --------------------------------------------------------------------------------------

type BinCase = { Mutations: ByteMutation list; Command: string list }

let private binCommands =
    [ [ "fit"; "--data"; "{data}"; "--model"; "bernoulli-mixture" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "gmm"; "--covariance"; "diag" ] @ iterative
      [ "fit"; "--data"; "{data}"; "--model"; "vae"; "--hidden"; "3"; "--latent-dim"; "1"; "--epochs"; "1"; "--iwae-eval"; "5" ]
      [ "encode"; "--model"; "{model:bernoulli}"; "--data"; "{data}" ] ]

let private binCase =
    gen {
        let! count = Gen.choose (1, 3)
        let! mutations = Gen.listOfLength count byteMutation
        let! command = Gen.elements binCommands
        return { Mutations = mutations; Command = command }
    }

[<CaseProperty>]
let ``mutated binarized-MNIST files are read or refused, never with an unexpected error`` () =
    let folder, models = Workspace.Current
    forCases binCase (fun c ->
        let path = Path.Combine(folder, "data.bin")
        File.WriteAllBytes(path, c.Mutations |> List.fold mutateBytes mnist)
        read "BinarizedMnist.Read" (fun () -> BinarizedMnist.Read path)
        read "BinarizedMnist.ReadSingle" (fun () -> BinarizedMnist.ReadSingle path)
        run (substitute folder models path c.Command))

// ---- saved models -----------------------------------------------------------------------------------------------

type ModelCase = { Model: string; Mutations: ByteMutation list; Command: string list }

let private modelCommands =
    [ [ "encode"; "--model"; "{model}"; "{data}" ]
      [ "sample"; "--model"; "{model}"; "--count"; "3" ]
      [ "sample"; "--model"; "{model}"; "--count"; "3"; "--latents" ]
      [ "sample"; "--model"; "{model}"; "--count"; "2"; "--means" ] ]

let private modelCase =
    gen {
        let! model = Gen.elements modelNames
        let! count = Gen.choose (1, 3)
        let! mutations = Gen.listOfLength count byteMutation
        let! resealed = Gen.elements [ false; true ]
        let! command = Gen.elements modelCommands
        return { Model = model; Mutations = (if resealed then mutations @ [ Reseal ] else mutations); Command = command }
    }

[<CaseProperty>]
let ``mutated and truncated saved models are read or refused, by the reader and by encode and sample, never with an unexpected error`` () =
    let folder, models = Workspace.Current
    forCases modelCase (fun c ->
        let path = Path.Combine(folder, "mutated.plm")
        File.WriteAllBytes(path, c.Mutations |> List.fold mutateBytes (File.ReadAllBytes(fst models[c.Model])))
        read "LatentModelFile.Load" (fun () -> LatentModelFile.Load path)
        let data = snd models[c.Model]
        c.Command |> List.collect (fun a -> if a = "{model}" then [ path ] elif a = "{data}" then data else [ a ]) |> run)
