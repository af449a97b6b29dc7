using System.Collections.Concurrent;

namespace Callaro.FunctionsHost.Tests;

/// <summary>One host running the sample app for every test in the collection.</summary>
public sealed class SampleAppFixture : IAsyncLifetime
{
    // A schedule that never comes due during a test run: the timer is run through the admin API here.
    private const string FarAwaySchedule = "0 0 0 1 1 *";

    internal SampleApp.Names Names { get; } = SampleApp.Names.Unique();

    public ConcurrentQueue<HostLogEntry> Logs { get; } = new();

    public LocalFunctionsHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await SampleApp.StartAsync(Names, FarAwaySchedule, Logs);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SampleAppCollection : ICollectionFixture<SampleAppFixture>
{
    public const string Name = "sample app under the local host";
}
