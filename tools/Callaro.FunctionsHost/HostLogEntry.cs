using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost;

/// <summary>One log line of the host or the worker, after host.json's filters.</summary>
/// <param name="Category">The Functions host's category: <c>Function.{name}</c>, <c>Function.{name}.User</c>, <c>Host.…</c>, or <c>Worker.LanguageWorkerChannel.…</c>.</param>
/// <param name="FunctionName">The function the line belongs to, when it belongs to an invocation.</param>
public sealed record HostLogEntry(
    DateTimeOffset Timestamp,
    string Category,
    LogLevel Level,
    string Message,
    string? FunctionName,
    string? InvocationId,
    string? Exception);
