using System.Reflection;

namespace Callaro.Deployment.Tests;

/// <summary>One binding of one function: the attribute's type name and the strings it was given.</summary>
internal sealed record AppBinding(string Function, string Type, IReadOnlyList<string> Values, string? Connection);

/// <summary>
/// The bindings the app declares on its <c>[Function]</c> methods (isolated worker), read from the built
/// assembly, so constants and concatenations in attribute arguments arrive as the compiler resolved them.
/// Attributes are read as metadata, by type name: nothing here depends on the worker's packages.
/// </summary>
internal static class AppBindings
{
    private const BindingFlags Methods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<AppBinding> All { get; } = Read(Assembly.Load("Callaro.Functions"));

    private static List<AppBinding> Read(Assembly app) =>
        LoadableTypes(app)
            .SelectMany(type => type.GetMethods(Methods))
            .SelectMany(method =>
            {
                var function = method.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "FunctionAttribute");
                if (function?.ConstructorArguments.FirstOrDefault().Value is not string name)
                {
                    return [];
                }

                return method.GetParameters().SelectMany(p => p.GetCustomAttributesData())
                    .Concat(method.GetCustomAttributesData().Where(a => a != function))
                    .Select(attribute => Describe(name, attribute));
            })
            .ToList();

    private static AppBinding Describe(string function, CustomAttributeData attribute)
    {
        var values = attribute.ConstructorArguments.Select(a => a.Value)
            .Concat(attribute.NamedArguments.Select(a => a.TypedValue.Value))
            .OfType<string>()
            .ToList();
        var connection = attribute.NamedArguments.FirstOrDefault(a => a.MemberName == "Connection").TypedValue.Value as string;
        return new AppBinding(function, attribute.AttributeType.Name, values, connection);
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
