namespace ProbLatent.Modeling.Graph;

/// <summary>Binds each prior a description states to the parameter it names, refusing a name the model lacks, an ambiguous one, or a prior that does not suit.</summary>
internal static class PriorBinding
{
    public static IReadOnlyDictionary<ModelParameter, ParameterPrior> Bind(string model, IReadOnlyList<ModelParameter> parameters, IReadOnlyList<StatedPrior> priors)
    {
        var bound = new Dictionary<ModelParameter, ParameterPrior>();
        foreach (var stated in priors)
        {
            var parameter = Find(model, parameters, stated.Parameter);
            if (parameter.Unsuitable(stated.Prior) is { } reason)
                throw new ModelDefinitionException($"model '{model}': the prior {stated.Prior} on '{stated.Parameter}' does not suit it: {parameter.FullName} {reason}");
            if (!bound.TryAdd(parameter, stated.Prior))
                throw new ModelDefinitionException($"model '{model}': '{parameter.FullName}' is given two priors, {bound[parameter]} and {stated.Prior}");
        }
        return bound;
    }

    static ModelParameter Find(string model, IReadOnlyList<ModelParameter> parameters, string name)
    {
        var matches = parameters.Where(p => p.FullName == name).ToArray();
        if (matches.Length == 0) matches = parameters.Where(p => p.Name == name).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw new ModelDefinitionException(parameters.Count == 0
                ? $"model '{model}' has no parameter '{name}': it has no parameter a prior can be stated on"
                : $"model '{model}' has no parameter '{name}'; its parameters are {string.Join(", ", parameters.Select(p => p.FullName))}"),
            _ => throw new ModelDefinitionException(
                $"model '{model}': '{name}' is a parameter of several parts; say which: {string.Join(" or ", matches.Select(p => p.FullName))}"),
        };
    }
}
