using System.Runtime.CompilerServices;

namespace Callaro.Functions.Tests.Telemetry;

internal static class AzureSdkSpans
{
    /// <summary>
    /// The Azure SDK reads its span switch once per process, at its first storage call. The app sets it at start-up,
    /// before its own clients exist; in this test process other tests' clients come first, so it is set here too.
    /// </summary>
#pragma warning disable CA2255 // a test assembly, not a library: nothing else loads it
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void EnableBeforeAnyStorageCall() => AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
}
