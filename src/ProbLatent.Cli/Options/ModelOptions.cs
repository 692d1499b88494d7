using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Cli.Options;

/// <summary>
/// What the command line says about the data and the model, checked for consistency, and turned into a
/// <see cref="DataMatrix"/> and a <see cref="Model"/>. Every command that fits a model builds it here.
/// </summary>
/// <remarks>
/// Defaults: an example brings its own model (old-faithful: a 2-component full-covariance Gaussian mixture;
/// iris: 3 components); with <c>--data</c>, <c>--model</c> is required. Mixtures (of Gaussians, Bernoullis, factor
/// analysers, PPCA, common factor analysers) default to 2 components and Gaussian mixtures (and mcfa's latent Gaussians)
/// to full covariance; PPCA, factor analysis and their mixtures to a 1-dimensional latent. Options that do not apply to
/// the chosen model (<c>--components</c> for PPCA, <c>--latent-dim</c> for a Gaussian mixture, <c>--covariance</c> for
/// anything but a Gaussian mixture or mcfa) are usage errors
/// rather than silently ignored.
/// </remarks>
public sealed record ModelOptions
{
    public string? DataFile { get; init; }
    public string? Example { get; init; }
    /// <summary>The <c>--columns</c> names: read only these, in this order.</summary>
    public IReadOnlyList<string>? Columns { get; init; }
    /// <summary>The <c>--drop</c> names: read every column but these.</summary>
    public IReadOnlyList<string>? Drop { get; init; }
    /// <summary><c>--missing</c>: empty cells and NaN are missing at random rather than refused.</summary>
    public bool Missing { get; init; }
    /// <summary>The <c>--model</c> value: one of <see cref="ModelKinds.Names"/>.</summary>
    public string? Family { get; init; }
    public int? Components { get; init; }
    /// <summary>hmm: the <c>--states</c> value, the chain's number of states.</summary>
    public int? States { get; init; }
    /// <summary>hmm: the <c>--sequence-column</c> name that tells the sequences of a CSV file apart; null for one sequence.</summary>
    public string? SequenceColumn { get; init; }
    /// <summary>hmm: the <c>--emission</c> value, gaussian or categorical; null for Gaussian.</summary>
    public string? EmissionName { get; init; }
    /// <summary>categorical-mixture, hmm with categorical emissions: the <c>--symbols</c> value S; null until <see cref="WithSymbolsOf"/> reads it from the data.</summary>
    public int? Symbols { get; init; }
    /// <summary>The <c>--covariance</c> value: full or diag.</summary>
    public string? CovarianceName { get; init; }
    public int? LatentDimension { get; init; }
    /// <summary>sbn: the bits of each latent layer, top first (<c>--layers</c>); or from the data up by <c>--hidden</c>, for the score-function backend.</summary>
    public int[]? Layers { get; init; }
    /// <summary>vae: the hidden widths from the data side (<c>--hidden</c>).</summary>
    public int[]? Hidden { get; init; }
    /// <summary>
    /// The tanh hidden widths of a trained guide (<c>--encoder-hidden</c>): sbn with <c>--hidden</c>, each encoder factor's;
    /// mfa and mppca, the reparameterized backend's guide's trunk. Null for linear.
    /// </summary>
    public int[]? EncoderHidden { get; init; }
    /// <summary>vae: the <c>--activation</c> value.</summary>
    public string? ActivationName { get; init; }
    /// <summary>vae: the components of a learned mixture prior; null for N(0, I).</summary>
    public int? PriorComponents { get; init; }
    /// <summary>vae: the <c>--likelihood</c> value, bernoulli or gaussian; null for the data's default.</summary>
    public string? LikelihoodName { get; init; }

    /// <summary>The model an example is fitted with when no <c>--model</c> is given.</summary>
    static readonly Dictionary<string, (ModelKind Kind, int Components)> s_exampleDefaults = new()
    {
        ["old-faithful"] = (ModelKind.Gmm, 2),
        ["iris"] = (ModelKind.Gmm, 3),
    };

    public const int DefaultComponents = 2;
    public const int DefaultLatentDimension = 1;
    public const int DefaultVaeLatentDimension = 50;
    public static IReadOnlyList<int> DefaultHidden { get; } = [200, 200];
    public static IReadOnlyList<int> DefaultLayers { get; } = [2, 4];
    public const int DefaultRbmHidden = 100;
    public static IReadOnlyList<int> DefaultDbnHidden { get; } = [100, 100];
    public static IReadOnlyList<string> ActivationNames { get; } = ["tanh", "relu", "softplus", "sigmoid"];
    public static IReadOnlyList<string> LikelihoodNames { get; } = ["bernoulli", "gaussian"];
    public static IReadOnlyList<string> EmissionNames { get; } = ["gaussian", "categorical"];

    /// <summary>The model family, from <c>--model</c> or the example's default.</summary>
    public ModelKind Kind
    {
        get
        {
            if (Family is not null) return ModelKinds.Parse(Family);
            if (Example is not null && s_exampleDefaults.TryGetValue(Example, out var d)) return d.Kind;
            throw new UsageException($"--model is required with --data: one of {string.Join(", ", ModelKinds.Names)}");
        }
    }

    /// <summary>
    /// Checks the options go together, without reading any data. Each command calls it once, before
    /// <see cref="LoadData"/>, <see cref="ToModel"/> or <see cref="VaeData.Load"/>, which rely on it.
    /// </summary>
    /// <param name="dataElsewhere">The data is not read here (the shards of <c>fit --cluster</c>): no --data or --example is asked for.</param>
    public void Validate(bool dataElsewhere = false)
    {
        if (!dataElsewhere) CheckDataSource(DataFile, Example);
        CheckColumnChoice(DataFile, Columns, Drop);
        var kind = Kind;
        if (Layers is not null && kind != ModelKind.Sbn) throw new UsageException($"--layers applies to sbn only, not {kind.Name()}");
        if (kind == ModelKind.Sbn && Layers is not null && Hidden is not null)
            throw new UsageException("give sbn either --layers (bits of each layer, top first, fitted exactly by em) or --hidden (bits from the data up, trained by --backend score-function), not both");
        if (EncoderHidden is not null && !(kind == ModelKind.Sbn && Hidden is not null) && kind is not (ModelKind.Mfa or ModelKind.Mppca))
            throw new UsageException(kind == ModelKind.Sbn
                ? "--encoder-hidden sizes the encoder the score-function backend trains beside an sbn given by --hidden; --layers nets are fitted exactly by em, without one"
                : $"--encoder-hidden applies to sbn --hidden, mfa and mppca only, not {kind.Name()}{(kind.IsNetwork() ? "; a vae's encoder is sized by --hidden" : "")}");
        if (kind == ModelKind.Sbn)
            UsageException.ThrowIfGiven("applies to other models, not sbn; give its layers of boolean latents with --layers",
                ("--components", Components is not null), ("--latent-dim", LatentDimension is not null));
        if (kind == ModelKind.Hmm && Components is not null)
            throw new UsageException("--components applies to mixtures; an hmm's chain is sized by --states");
        if (States is not null && kind != ModelKind.Hmm) throw new UsageException($"--states applies to hmm only, not {kind.Name()}");
        if (EmissionName is not null && kind != ModelKind.Hmm)
            throw new UsageException(kind == ModelKind.Gmm || kind == ModelKind.BernoulliMixture || kind == ModelKind.CategoricalMixture
                ? $"--emission applies to hmm only; {kind.Name()} names its likelihood in the model (gmm, bernoulli-mixture, categorical-mixture)"
                : $"--emission applies to hmm only, not {kind.Name()}");
        if (Symbols is not null && !IsCategorical)
            throw new UsageException(kind == ModelKind.Hmm
                ? "--symbols applies to categorical emissions: give --emission categorical"
                : $"--symbols applies to categorical-mixture and hmm --emission categorical, not {kind.Name()}");
        if (kind == ModelKind.Hmm && IsCategorical && CovarianceName is not null)
            throw new UsageException("--covariance applies to an hmm's Gaussian emissions; categorical emissions have none");
        if (SequenceColumn is not null && kind != ModelKind.Hmm)
            throw new UsageException($"--sequence-column applies to hmm only, whose data are sequences; {kind.Name()} fits independent rows");
        if (SequenceColumn is not null && DataFile is null)
            throw new UsageException("--sequence-column names a column of the --data CSV file; an example is one sequence");
        if (kind == ModelKind.Hmm && Missing)
            throw new UsageException("--missing does not apply to hmm: Baum-Welch and the forward algorithm here take sequences without missing cells");
        if (kind == ModelKind.Hmm && DataFile is not null && (TableData.Applies(DataFile) || IsBinFile(DataFile) || Directory.Exists(DataFile)))
            throw new UsageException($"--model hmm reads its sequences from one CSV file, not {DataFile}");
        if (Components is not null && !kind.IsMixture())
            throw new UsageException(kind == ModelKind.Vae
                ? $"--components applies to mixtures ({Mixtures}), not vae; use --latent-dim, or --prior-components for a mixture prior"
                : $"--components applies to mixtures ({Mixtures}), not {kind.Name()}; use --latent-dim");
        if (LatentDimension is not null && !kind.HasLatentVector())
            throw new UsageException($"--latent-dim applies to {ModelKinds.NamesWhere(k => k.HasLatentVector())}, not {kind.Name()}; use --components");
        if (CovarianceName is not null && !kind.HasCovarianceChoice())
            throw new UsageException($"--covariance applies to {ModelKinds.NamesWhere(k => k.HasCovarianceChoice())} only ({kind.Name()} {NoiseOf(kind)})");
        if (kind == ModelKind.Rbm)
        {
            if (Hidden is { Length: not 1 })
                throw new UsageException($"--hidden gives rbm one number, its hidden units, not {Hidden.Length} ({string.Join(",", Hidden)})");
            UsageException.ThrowIfGiven("applies to vae and autoencoder only, not rbm", ("--activation", ActivationName is not null), ("--likelihood", LikelihoodName is not null));
        }
        else if (kind == ModelKind.Dbn)
            UsageException.ThrowIfGiven("applies to vae and autoencoder only, not dbn", ("--activation", ActivationName is not null), ("--likelihood", LikelihoodName is not null));
        else if (kind == ModelKind.Sbn)
            UsageException.ThrowIfGiven("applies to vae and autoencoder only, not sbn", ("--activation", ActivationName is not null), ("--likelihood", LikelihoodName is not null));
        else if (!kind.IsNetwork())
        {
            UsageException.ThrowIfGiven($"applies to vae, autoencoder, rbm, dbn and sbn only, not {kind.Name()}", ("--hidden", Hidden is not null));
            UsageException.ThrowIfGiven($"applies to vae and autoencoder only, not {kind.Name()}",
                ("--activation", ActivationName is not null), ("--likelihood", LikelihoodName is not null));
        }
        if (PriorComponents is not null && kind != ModelKind.Vae)
            throw new UsageException(kind == ModelKind.Autoencoder
                ? "--prior-components applies to vae only: an autoencoder is trained on reconstruction alone, so a learned prior would never be fitted"
                : $"--prior-components applies to vae only, not {kind.Name()}");
        if (DataFile is not null && !kind.IsNetwork() && Directory.Exists(DataFile) && !TableData.Applies(DataFile))
            throw new UsageException($"--data {DataFile} is a folder; a folder of train.bin and test.bin is read by --model vae or autoencoder; give a file for {kind.Name()}");
    }

    static string Mixtures => ModelKinds.NamesWhere(k => k.IsMixture());

    static string NoiseOf(ModelKind kind) => kind switch
    {
        ModelKind.Ppca => "has isotropic noise",
        ModelKind.Fa => "has diagonal noise",
        ModelKind.Mppca => "has isotropic noise in each component",
        ModelKind.Mfa => "has diagonal noise in each component",
        _ => "has no covariance",
    };

    /// <summary>
    /// The files the data is read from, each with the option that names it: the <c>--data</c> file, or a data folder's
    /// <see cref="VaeData.TrainFile"/>, <see cref="VaeData.ValidationFile"/> and <see cref="VaeData.TestFile"/>; none for an example.
    /// </summary>
    public IEnumerable<(string Option, string Path)> InputFiles => DataFile switch
    {
        null => [],
        var table when TableData.Applies(table) => TableData.Paths(table).Select(path => ("--data", path)),
        var folder when Directory.Exists(folder) =>
            new[] { VaeData.TrainFile, VaeData.ValidationFile, VaeData.TestFile }.Select(name => ("--data", Path.Combine(folder, name))),
        var file => [("--data", file)],
    };

    /// <summary>
    /// The data as a source read in blocks, when it is a Parquet file, several files or a folder of them
    /// (<see cref="TableData"/>) and the model is a mixture that EM or VMP fits a block at a time, or PPCA or factor analysis,
    /// whose EM reads the data's mean and covariance in the start's passes; null otherwise, for
    /// <see cref="LoadData"/>.
    /// </summary>
    /// <remarks>
    /// With <c>--missing</c> EM streams a Gaussian mixture, marginalising missing cells block by block; VMP and a Bernoulli
    /// mixture read the data into memory, where they marginalise them.
    /// </remarks>
    public DataSource? StreamedData(string backend) =>
        (backend is "em" or "vmp" && Kind is ModelKind.Gmm or ModelKind.BernoulliMixture || backend == "em" && Kind is ModelKind.Ppca or ModelKind.Fa && !Missing)
        && TableData.Applies(DataFile) && (!Missing || backend == "em" && Kind == ModelKind.Gmm)
            ? WithHint(() => TableData.Open(DataFile!, Selection, MissingOf(Missing)))
            : null;

    /// <summary>Reads the data (see <see cref="ReadData"/>).</summary>
    public DataMatrix LoadData() => Kind == ModelKind.Hmm ? LoadSequences().Steps : ReadData(DataFile, Example, Selection, MissingOf(Missing));

    /// <summary>What <c>--missing</c> asks of the readers.</summary>
    public static MissingValues MissingOf(bool missing) => missing ? MissingValues.AtRandom : MissingValues.Refused;

    /// <summary>
    /// The data as sequences: an example, or a CSV file, as one sequence in row order, or with <c>--sequence-column</c> as
    /// several told apart by that column (see <see cref="SequenceCsv"/>).
    /// </summary>
    public SequenceData LoadSequences() => DataFile is null
        ? SequenceData.Single(Examples.Load(Example!).SelectColumns(Selection))
        : WithHint(() => SequenceCsv.Read(DataFile, SequenceColumn, SequenceColumn is null ? Selection : SequenceSelection));

    /// <summary>The data columns beside a sequence column: those <c>--columns</c> names, or every column but the sequence column and <c>--drop</c>'s.</summary>
    ColumnSelection SequenceSelection => Columns is not null ? ColumnSelection.Only(Columns) : ColumnSelection.Except([SequenceColumn!, .. Drop ?? []]);

    /// <summary>
    /// Checks the data's values suit the model's likelihood where the command line can say what would (a Bernoulli
    /// mixture's 0s and 1s), before any output; the fit checks the rest.
    /// </summary>
    public void CheckValues(DataMatrix data)
    {
        if (Kind is ModelKind.BernoulliMixture or ModelKind.Rbm or ModelKind.Dbn) BinaryData.Check(data.CheckBinary, "--model gmm, ppca or fa");
    }

    /// <summary>Whether the model's likelihood is categorical: categorical-mixture, or an hmm with <c>--emission categorical</c>.</summary>
    public bool IsCategorical => Kind == ModelKind.CategoricalMixture || Kind == ModelKind.Hmm && EmissionName == "categorical";

    /// <summary>
    /// For a categorical likelihood, these options with <see cref="Symbols"/> set (<c>--symbols</c>, else 1 + the largest
    /// symbol in <paramref name="data"/>, at least 2), after checking every cell is one of those symbols, naming the row and
    /// column of the first that is not; other models' options are returned as they are.
    /// </summary>
    public ModelOptions WithSymbolsOf(DataMatrix data)
    {
        if (!IsCategorical) return this;
        int symbols = Symbols ?? Math.Max(2, LargestSymbol(data) + 1);
        data.CheckSymbols(symbols);
        return this with { Symbols = symbols };
    }

    /// <summary>The largest whole non-negative value in the data; other values are left for <see cref="DataMatrix.CheckSymbols"/> to name.</summary>
    static int LargestSymbol(DataMatrix data)
    {
        double largest = 0;
        for (int i = 0; i < data.Rows; i++)
            foreach (var v in data.Row(i))
                if (v == Math.Floor(v) && v > largest && v < int.MaxValue) largest = v;
        return (int)largest;
    }

    int SymbolCount => Symbols ?? throw new UsageException("--symbols is needed here: give S, the symbols 0..S − 1 each column takes");

    /// <summary>The columns <c>--columns</c> or <c>--drop</c> choose; every column when neither is given.</summary>
    public ColumnSelection Selection => SelectionOf(Columns, Drop);

    /// <summary>Checks that exactly one of <c>--data</c> and <c>--example</c> was given.</summary>
    public static void CheckDataSource(string? dataFile, string? example)
    {
        if (dataFile is not null && example is not null) throw new UsageException("give either --data or --example, not both");
        if (dataFile is null && example is null)
            throw new UsageException($"no data: give --data FILE.csv or --example NAME ({string.Join(", ", Examples.Names)})");
    }

    /// <summary>Checks <c>--columns</c> and <c>--drop</c> are not both given, and only for data whose columns have names.</summary>
    public static void CheckColumnChoice(string? dataFile, IReadOnlyList<string>? columns, IReadOnlyList<string>? drop)
    {
        if (columns is not null && drop is not null)
            throw new UsageException("give either --columns (the columns to read) or --drop (the columns to leave out), not both");
        if ((columns ?? drop) is not null && dataFile is not null && !TableData.Applies(dataFile) && (IsBinFile(dataFile) || Directory.Exists(dataFile)))
            throw new UsageException($"{(columns is not null ? "--columns" : "--drop")} chooses columns of a CSV file or an example by name; {dataFile} is binarized MNIST, whose pixels have none");
    }

    public static ColumnSelection SelectionOf(IReadOnlyList<string>? columns, IReadOnlyList<string>? drop) =>
        columns is not null ? ColumnSelection.Only(columns) : drop is not null ? ColumnSelection.Except(drop) : ColumnSelection.All;

    /// <summary>
    /// Reads the data: the embedded example, or the file — binarized MNIST (<c>.bin</c>, see <see cref="BinarizedMnist"/>)
    /// by its extension, a Parquet file, several files or a folder of them read into memory (<see cref="TableData"/>), CSV
    /// otherwise — keeping the selected columns. <see cref="CheckDataSource"/> has checked that one
    /// of them is given, and <see cref="CheckColumnChoice"/> that a .bin file has no selection. A cell that is not a number
    /// is an error that says how to leave its column out.
    /// </summary>
    /// <param name="missing"><c>--missing</c>: whether empty cells and NaN of a CSV or Parquet file are missing cells (binarized MNIST and the examples have none).</param>
    public static DataMatrix ReadData(string? dataFile, string? example, ColumnSelection selection, MissingValues missing = MissingValues.Refused)
    {
        if (dataFile is null) return Examples.Load(example!).SelectColumns(selection);
        if (IsBinFile(dataFile)) return BinarizedMnist.Read(dataFile);
        return WithHint(() => TableData.Applies(dataFile) ? TableData.ReadAll(dataFile, selection, missing) : Csv.Read(dataFile, selection, missing));
    }

    /// <summary>Runs a read, adding to a bad cell's message how to leave its column out.</summary>
    public static T WithHint<T>(Func<T> read)
    {
        try { return read(); }
        catch (DataException e) when (e.Row is not null && e.ColumnName is { } column)
        {
            throw new DataException($"{e.Reason}; leave the column out with --drop {Quoted(column)}, or choose the columns to read with --columns",
                e.Source, e.Row, e.Column, e.Line, e.ColumnName);
        }
    }

    /// <summary>A column name as a shell argument: in double quotes when it holds anything but letters, digits, '_', '-' and '.'.</summary>
    static string Quoted(string name) => name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.') ? name : $"\"{name.Replace("\"", "\\\"")}\"";

    /// <summary>The model name shown in output: the example, or the data file's or folder's name.</summary>
    public string Name => Example
        ?? (DataFile is null ? null : NonEmpty(Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(DataFile))))
        ?? Kind.Name();

    static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>Whether the data is binarized MNIST: a <c>.bin</c> file, or a folder of them.</summary>
    public bool IsBinaryImageData => DataFile is not null && (Directory.Exists(DataFile) || IsBinFile(DataFile));

    internal static bool IsBinFile(string path) => string.Equals(Path.GetExtension(path), ".bin", StringComparison.OrdinalIgnoreCase);

    /// <summary>vae: a Bernoulli likelihood (binary data) rather than a Gaussian with a learned variance per dimension.</summary>
    public bool VaeIsBernoulli => LikelihoodName switch
    {
        "bernoulli" => true,
        "gaussian" => false,
        _ => IsBinaryImageData,
    };

    /// <summary>vae: the hidden layers' nonlinearity.</summary>
    public Activation VaeActivation => ActivationName switch
    {
        null or "tanh" => Activation.Tanh,
        "relu" => Activation.Relu,
        "softplus" => Activation.Softplus,
        "sigmoid" => Activation.Sigmoid,
        _ => throw new UsageException($"unknown activation '{ActivationName}'; use one of: {string.Join(", ", ActivationNames)}"),
    };

    /// <summary>Builds the model for data with <paramref name="dimension"/> columns.</summary>
    public Model ToModel(int dimension)
    {
        var kind = Kind;
        var model = Model.Define(Name);
        switch (kind)
        {
            case ModelKind.Gmm:
                model = model
                    .Latent("z", Prior.Categorical(ComponentCount))
                    .Decoder(Decoder.PerComponent(Likelihood.Gaussian(CovarianceForm)));
                break;
            case ModelKind.BernoulliMixture:
                model = model
                    .Latent("z", Prior.Categorical(ComponentCount))
                    .Decoder(Decoder.PerComponent(Likelihood.Bernoulli()));
                break;
            case ModelKind.CategoricalMixture:
                model = model
                    .Latent("z", Prior.Categorical(ComponentCount))
                    .Decoder(Decoder.PerComponent(Likelihood.Categorical(SymbolCount)));
                break;
            case ModelKind.Ppca:
            case ModelKind.Fa:
                model = model
                    .Latent("z", Prior.StandardNormal(FactorCount(dimension)))
                    .Decoder(Decoder.Linear(Likelihood.Gaussian(FactorNoise)));
                break;
            case ModelKind.Mfa:
            case ModelKind.Mppca:
                // c selects the component's loadings, mean and noise; h holds the factors every component reads.
                model = model
                    .Latent("c", Prior.Categorical(ComponentCount))
                    .Latent("h", Prior.StandardNormal(FactorCount(dimension)))
                    .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(FactorNoise))))
                    .Observe("x", dimension: dimension);
                // The reparameterized backend's guide q(c | x) q(h | x, c) reads x through --encoder-hidden's tanh trunk; linear without it.
                return EncoderHidden is { } trunk ? model.Guide(Encoder.Mlp(trunk)) : model;
            case ModelKind.Mcfa:
                // c selects where the factors z sit and how they spread; one loading matrix maps z to every component's x.
                model = model
                    .Latent("c", Prior.Categorical(ComponentCount))
                    .Latent("z", Prior.StandardNormal(FactorCount(dimension)).Given("c", Decoder.PerComponent(Likelihood.Gaussian(CovarianceForm))))
                    .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)));
                break;
            case ModelKind.Vae:
            case ModelKind.Autoencoder:
                return Vae(model, dimension, pointMass: kind == ModelKind.Autoencoder);
            case ModelKind.Gmvae:
                return Vae(model, dimension, pointMass: false);
            case ModelKind.Sbn:
                // The score-function backend's encoder factors take --encoder-hidden's tanh layers before their logits.
                model = BeliefNet(model).Observe("x", dimension: dimension);
                return EncoderHidden is { } encoder ? model.Guide(Encoder.Mlp(encoder)) : model;
            case ModelKind.Rbm:
                model = model.Latent("h", Prior.Bernoulli(Hidden?[0] ?? DefaultRbmHidden)).Energy(Energy.Bilinear());
                break;
            case ModelKind.Hmm:
                // z is a Markov chain over the steps of each sequence; its state selects the step's Gaussian or symbol probabilities.
                model = model
                    .Latent("z", Prior.MarkovChain(Prior.Categorical(States ?? DefaultComponents)))
                    .Decoder(Decoder.PerComponent(IsCategorical ? Likelihood.Categorical(SymbolCount) : Likelihood.Gaussian(CovarianceForm)));
                break;
            case ModelKind.Dbn:
                model = DeepBeliefNet(model, Hidden ?? [.. DefaultDbnHidden]);
                break;
        }
        return model.Observe("x", dimension: dimension);
    }

    /// <summary>
    /// A deep belief net of the layers <paramref name="hidden"/> gives from the data up, declared top first: h_L, then
    /// h_{L−1} joined with it by the energy, each layer below given the one above through a sigmoid layer, and the data
    /// read from h1 the same way. One layer is the restricted Boltzmann machine.
    /// </summary>
    static Model DeepBeliefNet(Model model, int[] hidden)
    {
        int layers = hidden.Length;
        if (layers == 1) return model.Latent("h", Prior.Bernoulli(hidden[0])).Energy(Energy.Bilinear());
        model = model.Latent($"h{layers}", Prior.Bernoulli(hidden[^1])).Latent($"h{layers - 1}", Prior.Bernoulli(hidden[^2]).Given($"h{layers}", Energy.Bilinear()));
        for (int k = layers - 2; k >= 1; k--)
            model = model.Latent($"h{k}", Prior.Bernoulli(hidden[k - 1]).Given($"h{k + 1}", Decoder.Linear(Likelihood.Bernoulli())));
        return model.Decoder(Decoder.Linear(Likelihood.Bernoulli()));
    }

    /// <summary>
    /// A variational autoencoder: z ~ N(0, I) (or a learned mixture), the encoder data-H1-H2-… → mean and log-variance of
    /// q(z | x), the decoder z-…-H2-H1 → Bernoulli logits, or Gaussian means with a learned variance per dimension. With
    /// <paramref name="pointMass"/>, the plain autoencoder: the same networks, the encoder's one head the code z = f(x).
    /// </summary>
    Model Vae(Model model, int dimension, bool pointMass)
    {
        int q = LatentDimension ?? DefaultVaeLatentDimension;
        var hidden = (Hidden ?? DefaultHidden).ToArray();
        var activation = VaeActivation;
        Prior prior = PriorComponents is { } c ? Prior.MixtureOfGaussians(c, q) : Prior.StandardNormal(q);
        Likelihood likelihood = VaeIsBernoulli ? Likelihood.Bernoulli() : Likelihood.Gaussian(Covariance.Diagonal);
        // A Gaussian-mixture VAE: c of --components states, z | c a Gaussian of its own per component.
        if (Kind == ModelKind.Gmvae)
            model = model.Latent("c", Prior.Categorical(Components ?? DefaultComponents));
        if (Kind == ModelKind.Gmvae) prior = prior.Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal)));
        return model
            .Latent("z", prior)
            .Decoder(Decoder.Mlp(hidden.Reverse().ToArray()).WithActivation(activation), likelihood)
            .Observe("x", dimension: dimension)
            .Guide(pointMass ? Encoder.Mlp(hidden).WithActivation(activation).PointMass() : Encoder.Mlp(hidden).WithActivation(activation));
    }

    /// <summary>A sigmoid belief net: latents named from the data side (h1 is the layer x reads), declared top first, each given the one above.</summary>
    Model BeliefNet(Model model)
    {
        // --hidden counts from the data up, as for a dbn; --layers from the top down.
        var layers = Layers ?? (Hidden is { } hidden ? [.. hidden.Reverse()] : DefaultLayers);
        for (int k = 0; k < layers.Count; k++)
        {
            Prior prior = Prior.Bernoulli(layers[k]);
            if (k > 0) prior = prior.Given($"h{layers.Count - k + 1}", Decoder.Linear(Likelihood.Bernoulli()));
            model = model.Latent($"h{layers.Count - k}", prior);
        }
        return model.Decoder(Decoder.Linear(Likelihood.Bernoulli()));
    }

    /// <summary>The latent dimension of a linear-Gaussian model, which must be smaller than the data's.</summary>
    int FactorCount(int dimension)
    {
        int q = LatentDimension ?? DefaultLatentDimension;
        if (q >= dimension)
            throw new UsageException(
                $"--latent-dim {q} must be smaller than the data dimension {dimension}: {Kind.Name()} explains {dimension} columns with fewer latent dimensions");
        return q;
    }

    Covariance FactorNoise => Kind is ModelKind.Ppca or ModelKind.Mppca ? Covariance.Isotropic : Covariance.Diagonal;

    int ComponentCount =>
        Components ?? (Family is null && Example is not null && s_exampleDefaults.TryGetValue(Example, out var d) ? d.Components : DefaultComponents);

    Covariance CovarianceForm => CovarianceName switch
    {
        null or "full" => Covariance.Full,
        "diag" or "diagonal" => Covariance.Diagonal,
        _ => throw new UsageException($"unknown covariance '{CovarianceName}'; use full or diag"),
    };
}
