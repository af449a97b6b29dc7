using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.Hosting;

/// <summary>
/// Attributes on a function's method (<c>[Access]</c>, <c>[AcceptsBody]</c>, <c>[SignedBySender]</c>), read once per
/// function, so the worker middleware applies cross-cutting rules the function declares instead of each function
/// repeating them.
/// </summary>
public static class FunctionMetadata
{
    private static readonly ConcurrentDictionary<string, MethodInfo?> Methods = new();

    public static TAttribute? Get<TAttribute>(FunctionContext context) where TAttribute : Attribute =>
        Method(context.FunctionDefinition)?.GetCustomAttribute<TAttribute>();

    private static MethodInfo? Method(FunctionDefinition function) =>
        Methods.GetOrAdd(function.EntryPoint, static entryPoint =>
        {
            var dot = entryPoint.LastIndexOf('.');
            return dot < 0 ? null : typeof(FunctionMetadata).Assembly.GetType(entryPoint[..dot])?.GetMethod(entryPoint[(dot + 1)..]);
        });
}
