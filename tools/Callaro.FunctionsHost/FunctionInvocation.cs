namespace Callaro.FunctionsHost;

/// <summary>A finished invocation, as the host saw it.</summary>
/// <param name="Reason">Why it ran, in the host's words (HTTP request, timer, new blob, admin call).</param>
/// <param name="Logs">The function's own log messages during the invocation, whatever their level.</param>
public sealed record FunctionInvocation(
    string FunctionName,
    string InvocationId,
    string Reason,
    bool Succeeded,
    string? Error,
    TimeSpan Duration,
    IReadOnlyList<string> Logs);
