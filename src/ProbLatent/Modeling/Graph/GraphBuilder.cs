namespace ProbLatent.Modeling.Graph;

/// <summary>
/// Turns a description into its graph, checking each part where it is met: a latent's parent exists and comes before
/// it, each decoder's selector is categorical and its input a kind its map reads, its likelihood suits the variable
/// it generates, every latent is read by something, and every stated prior is on a parameter of the model that it suits.
/// </summary>
internal sealed class GraphBuilder
{
    readonly string model;
    readonly IReadOnlyList<LatentVariable> declared;
    readonly List<LatentNode> latents = [];
    readonly HashSet<LatentNode> read = [];

    /// <summary>The plate every node lives in: a sequence's time steps when a latent is a Markov chain, the data points otherwise.</summary>
    readonly Plate plate;

    GraphBuilder(string model, IReadOnlyList<LatentVariable> declared)
    {
        this.model = model;
        this.declared = declared;
        plate = declared.Any(l => l.Prior is MarkovChainPrior) ? Plate.Steps : Plate.Points;
        foreach (var latent in declared) Add(latent);
    }

    /// <summary>Resolves the latents alone, for the checks that need no decoder or observed variable yet.</summary>
    public static void CheckLatents(string model, IReadOnlyList<LatentVariable> latents) => _ = new GraphBuilder(model, latents);

    public static ModelGraph Build(string model, IReadOnlyList<LatentVariable> latents, Decoder decoder, ObservedVariable observed,
        IReadOnlyList<StatedPrior> priors, Encoder? guide)
    {
        var family = ClassicFamilies.OfSingle(model, latents, decoder);
        if (decoder is Energy && family is null)
            throw new ModelDefinitionException(
                $"model '{model}': {decoder} joins the observed units with one root layer of boolean latents (a restricted Boltzmann machine), " +
                $"but the model declares {string.Join(", ", latents.Select(l => $"'{l.Name}' ~ {l.Prior}"))}; a deep belief net carries the energy between its top two " +
                "layers instead — .Latent(\"h2\", Prior.Bernoulli(n2)).Latent(\"h1\", Prior.Bernoulli(n1).Given(\"h2\", Energy.Bilinear())) — and reads the data " +
                "from the lowest through .Decoder(Decoder.Linear(Likelihood.Bernoulli()))");
        var builder = new GraphBuilder(model, latents);
        var observation = new ObservationNode(observed, builder.Resolve(observed.Name, decoder, builder.latents, parent: null), builder.plate);
        builder.CheckEveryLatentIsRead(observation);
        if (guide is not null && builder.latents.FirstOrDefault(l => l.Kind != LatentKind.Gaussian && !guide.Encodes(l.Variable, latents)) is { } discrete)
            throw guide.RefuseLatent(model, discrete.Variable);
        var parameters = builder.latents
            .SelectMany(l => l.Conditional is { } c ? ParameterCatalog.OfDecoder(l.Name, l.Dimension, c)
                // Under an energy the hidden units' biases are the energy's parameters: the latent has no prior of its own.
                : decoder is Energy || builder.latents.Any(c => c.Conditional is { Spec: Energy } joined && joined.Input == l) ? [] : ParameterCatalog.OfRoot(l))
            .Concat(ParameterCatalog.OfDecoder(observed.Name, observed.Dimension, observation.Decoder))
            .ToArray();
        family ??= FactorMixtureShape.Of(builder.latents, observation.Decoder) is { } mixture
            ? mixture.Isotropic ? ModelFamily.MixtureOfProbabilisticPca : ModelFamily.MixtureOfFactorAnalysers
            : CommonFactorMixtureShape.Of(builder.latents, observation.Decoder) is not null ? ModelFamily.MixtureOfCommonFactorAnalysers
            : null;
        return new ModelGraph(model, builder.latents, observation, parameters, PriorBinding.Bind(model, parameters, priors), family);
    }

    void Add(LatentVariable variable)
    {
        var node = new LatentNode(variable, KindOf(variable.Prior), plate);
        if (variable.Prior.Condition is { } condition)
        {
            if (condition.Parent == variable.Name)
                throw new ModelDefinitionException($"model '{model}': latent '{variable.Name}' is given itself, a cycle; a latent depends only on latents declared before it");
            var parent = latents.FirstOrDefault(l => l.Name == condition.Parent) ?? throw NotBefore($"latent '{variable.Name}' is given", condition.Parent);
            CheckConditionable(node, condition.Decoder);
            node.Conditional = Resolve(variable.Name, condition.Decoder, latents, parent);
        }
        latents.Add(node);
    }

    static LatentKind KindOf(Prior prior) => prior switch
    {
        CategoricalPrior => LatentKind.Categorical,
        MarkovChainPrior => LatentKind.Chain,
        BernoulliPrior => LatentKind.Boolean,
        _ => LatentKind.Gaussian,
    };

    /// <summary>A conditioned latent's decoder must produce the latent's kind of value.</summary>
    void CheckConditionable(LatentNode node, Decoder decoder)
    {
        string what = $"latent '{node.Name}' given '{node.Prior.Condition!.Parent}'";
        if (decoder is Energy) CheckTopPair(node, decoder);
        switch (node.Prior, decoder.Likelihood)
        {
            case (CategoricalPrior, _):
                throw new ModelDefinitionException(
                    $"model '{model}': {what}: a categorical latent cannot be conditioned on another (no decoder gives a categorical distribution); declare it as a root with its own weights");
            case (MarkovChainPrior, _):
                throw new ModelDefinitionException(
                    $"model '{model}': {what}: a Markov-chain latent is a root, its prior the chain itself (π and A); give it no Given");
            case (GaussianMixturePrior, _):
                throw new ModelDefinitionException(
                    $"model '{model}': {what}: a mixture-of-Gaussians prior is a mixture already; for a Gaussian selected by a categorical latent use Prior.StandardNormal(n).Given(\"c\", Decoder.PerComponent(Likelihood.Gaussian(...)))");
            case (StandardNormalPrior, not GaussianLikelihood):
                throw new ModelDefinitionException($"model '{model}': {what} is Gaussian, so its decoder needs a Gaussian likelihood, not {decoder.Likelihood}");
            case (BernoulliPrior, not BernoulliLikelihood):
                throw new ModelDefinitionException($"model '{model}': {what} is boolean, so its decoder needs Likelihood.Bernoulli(), not {decoder.Likelihood}");
        }
    }

    /// <summary>
    /// An energy between latents is a deep belief net's top pair: it joins the second latent declared, boolean, with the
    /// first, a boolean root, so that the layers below it are the directed part, each generated from the one above.
    /// </summary>
    void CheckTopPair(LatentNode node, Decoder energy)
    {
        var parent = latents.First(l => l.Name == node.Prior.Condition!.Parent);
        if (node.Kind == LatentKind.Boolean && parent.Kind == LatentKind.Boolean && latents.Count == 1 && parent.IsRoot) return;
        throw new ModelDefinitionException(
            $"model '{model}': latent '{node.Name}' given '{parent.Name}' through {energy}: an energy between latents is a deep belief net's top pair, " +
            "joining the second latent declared with the first, both boolean (Prior.Bernoulli(n)), the first a root; " +
            $"here '{node.Name}' is {node.Kind}, '{parent.Name}' is {parent.Kind}{(parent.IsRoot ? "" : ", not a root,")} and {Counted.Of(latents.Count, "latent")} come before '{node.Name}'. " +
            "Between the data and a single layer, declare the energy with .Energy(...)");
    }

    /// <summary>
    /// Finds the latents <paramref name="decoder"/> reads among <paramref name="available"/>: those it names, the
    /// <paramref name="parent"/> a Given names, and the one sensible choice for each role left.
    /// </summary>
    DecoderNode Resolve(string owner, Decoder decoder, IReadOnlyList<LatentNode> available, LatentNode? parent)
    {
        string part = $"the decoder of '{owner}', {decoder},";
        var map = decoder is PerComponentDecoder p ? p.Inner : decoder;
        bool needsSelector = decoder is PerComponentDecoder, needsInput = map is not null;
        var selector = Named(part, (decoder as PerComponentDecoder)?.Selector, owner, available);
        var input = Named(part, map switch { LinearDecoder l => l.Input, MlpDecoder m => m.Input, _ => null }, owner, available);
        if (parent is not null && parent != selector && parent != input)
        {
            if (needsSelector && selector is null && parent.IsDiscreteSelector) selector = parent;
            else if (needsInput && input is null) input = parent;
            else throw new ModelDefinitionException($"model '{model}': latent '{owner}' is given '{parent.Name}', but {part} does not read it");
        }
        if (needsSelector) selector ??= Infer(part, "a categorical latent to select its components", l => l.IsDiscreteSelector, available, input, "SelectedBy");
        if (needsInput) input ??= Infer(part, InputKinds(map!), l => Reads(map!, l.Kind), available, selector, "From");
        if (selector is not null && !selector.IsDiscreteSelector)
            throw new ModelDefinitionException(
                $"model '{model}': {part} is selected by '{selector.Name}', which is {selector.Kind}, not discrete: a per-component decoder is selected by a categorical latent");
        if (input is not null) CheckInput(map!, input);
        CheckLikelihood(decoder, map);
        if (selector is not null) read.Add(selector);
        if (input is not null) read.Add(input);
        return new DecoderNode(decoder, selector, input);
    }

    LatentNode? Named(string part, string? name, string owner, IReadOnlyList<LatentNode> available)
    {
        if (name is null) return null;
        return available.FirstOrDefault(l => l.Name == name) ?? throw NotBefore($"{part} reads", name, owner);
    }

    ModelDefinitionException NotBefore(string what, string name, string? owner = null)
    {
        string before = latents.Count == 0 ? "none is declared before it" : $"declared before it: {string.Join(", ", latents.Select(l => l.Name))}";
        return new ModelDefinitionException(
            name == owner ? $"model '{model}': {what} '{name}', itself: a cycle; a latent depends only on latents declared before it"
            : declared.Any(l => l.Name == name)
                ? $"model '{model}': {what} '{name}', which is declared after it; a latent depends only on latents declared before it, so the graph has no cycle"
                : $"model '{model}': {what} '{name}', which is not a latent of the model ({before}); declare a latent before those that read it");
    }

    /// <summary>The one latent that can fill a role; when several can, the one nothing else reads yet (the end of a chain).</summary>
    LatentNode Infer(string part, string role, Func<LatentNode, bool> suits, IReadOnlyList<LatentNode> available, LatentNode? taken, string verb)
    {
        var candidates = available.Where(l => suits(l) && l != taken).ToArray();
        if (candidates.Length == 1) return candidates[0];
        var unread = candidates.Where(l => !read.Contains(l)).ToArray();
        if (unread.Length == 1) return unread[0];
        if (candidates.Length == 0)
            throw new ModelDefinitionException(available.Count == 1 && taken is null
                ? $"model '{model}': {part} needs {role}, but latent '{available[0].Name}' is {available[0].Kind}"
                : $"model '{model}': {part} needs {role}, and no latent declared before it is one" +
                  (available.Count == 0 ? "" : $" ({string.Join(", ", available.Select(l => $"'{l.Name}' is {l.Kind}"))})"));
        throw new ModelDefinitionException(
            $"model '{model}': {part} could read any of {string.Join(", ", candidates.Select(c => $"'{c.Name}'"))} as {role}; say which with .{verb}(\"…\")");
    }

    static bool Reads(Decoder map, LatentKind kind) => map switch
    {
        MlpDecoder => kind == LatentKind.Gaussian,
        Energy => kind == LatentKind.Boolean,
        _ => kind is LatentKind.Gaussian or LatentKind.Boolean,
    };

    static string InputKinds(Decoder map) => map switch
    {
        MlpDecoder => "a Gaussian latent as its input",
        Energy => "a boolean latent vector as its hidden units",
        _ => "a Gaussian or boolean latent vector as its input",
    };

    void CheckInput(Decoder map, LatentNode input)
    {
        if (!Reads(map, input.Kind))
            throw new ModelDefinitionException(input.IsDiscreteSelector
                ? $"model '{model}': latent '{input.Name}' is categorical, which selects the components of Decoder.PerComponent(...) and is not the input of {map}"
                : $"model '{model}': {map} reads a Gaussian latent, but '{input.Name}' is {input.Kind}");
        if (input.Prior is GaussianMixturePrior && map is not MlpDecoder)
            throw ClassicFamilies.MixturePriorNeedsNeural(model, input.Name, map);
        switch (map, input.Kind, map.Likelihood)
        {
            case (LinearDecoder, LatentKind.Gaussian, BernoulliLikelihood):
            case (LinearDecoder, LatentKind.Boolean, GaussianLikelihood):
                throw ClassicFamilies.NeedsDecoder(model, input.Name, input.Kind, map);
        }
    }

    /// <summary>The likelihood rules of each shape of decoder, whatever reads it.</summary>
    void CheckLikelihood(Decoder decoder, Decoder? map)
    {
        switch (map, decoder.Likelihood)
        {
            case (null, GaussianLikelihood { Covariance: Covariance.Isotropic } g):
                throw ClassicFamilies.PerComponentCovariance(model, g);
            case (LinearDecoder, GaussianLikelihood { Covariance: Covariance.Full }):
                throw ClassicFamilies.NotIdentifiable(model);
            case (MlpDecoder, GaussianLikelihood { Covariance: Covariance.Full } g):
                throw ClassicFamilies.NeuralCovariance(model, g);
            case (not null, CategoricalLikelihood):
                throw ClassicFamilies.CategoricalNeedsComponents(model, decoder);
        }
    }

    void CheckEveryLatentIsRead(ObservationNode observation)
    {
        if (latents.FirstOrDefault(l => !read.Contains(l)) is { } dangling)
            throw new ModelDefinitionException(
                $"model '{model}': latent '{dangling.Name}' is dangling: nothing depends on it (neither {observation.Name}'s decoder, {observation.Decoder}, " +
                $"nor another latent's Given); remove it, or wire it with .From(\"{dangling.Name}\") or .SelectedBy(\"{dangling.Name}\")");
    }
}
