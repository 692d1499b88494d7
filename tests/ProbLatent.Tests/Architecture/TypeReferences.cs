using System.Reflection;
using System.Reflection.Emit;

namespace ProbLatent.Tests.Architecture;

/// <summary>
/// The types a compiled type refers to: its signatures (base type, interfaces, fields, properties, parameters, returns,
/// locals) and the tokens in its methods' IL (calls, field accesses, casts, typeof). Read from the assembly, not the
/// source, so a fully qualified name, a global using or a lambda's closure class cannot hide a reference.
/// </summary>
internal static class TypeReferences
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>A reference from one type to another, and how it is made (a signature, or the IL instruction).</summary>
    public sealed record Reference(Type From, Type To, string How);

    public static IEnumerable<Reference> Of(Type type)
    {
        var signatures = new List<Type>();
        if (type.BaseType is { } baseType) signatures.Add(baseType);
        signatures.AddRange(type.GetInterfaces());
        signatures.AddRange(type.GetFields(Declared).Select(f => f.FieldType));
        signatures.AddRange(type.GetProperties(Declared).Select(p => p.PropertyType));
        foreach (var reference in signatures.SelectMany(Flatten)) yield return new Reference(type, reference, "signature");
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            var parts = method.GetParameters().Select(p => p.ParameterType).ToList();
            if (method is MethodInfo m) parts.Add(m.ReturnType);
            var body = method.GetMethodBody();
            if (body is not null) parts.AddRange(body.LocalVariables.Select(l => l.LocalType));
            foreach (var reference in parts.SelectMany(Flatten)) yield return new Reference(type, reference, $"signature of {method.Name}");
            if (body?.GetILAsByteArray() is { } il)
                foreach (var (opCode, target) in Instructions(method, il))
                    foreach (var reference in Flatten(target)) yield return new Reference(type, reference, $"{opCode.Name} in {method.Name}");
        }
    }

    /// <summary>The type that a nested (or compiler-generated) type belongs to, whose namespace places it.</summary>
    public static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType) return Flatten(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        if (type.IsConstructedGenericType)
            return Flatten(type.GetGenericTypeDefinition()).Concat(type.GetGenericArguments().SelectMany(Flatten));
        return [type];
    }

    static IEnumerable<(OpCode OpCode, Type Target)> Instructions(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                    if (member is Type target) yield return (opCode, target);
                    else if (member?.DeclaringType is { } owner) yield return (opCode, owner);
                    if (member is FieldInfo field) yield return (opCode, field.FieldType);
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                default:
                    i += OperandSize(opCode.OperandType);
                    break;
            }
        }
    }

    static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
