using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Callaro.Core;
using Callaro.Functions.Access;
using Callaro.Functions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Callaro.Functions.Tests.Infrastructure;

/// <summary>
/// The app under test, against the Azurite of ./test.sh, with its own table/container prefix (so tests run
/// in parallel without seeing each other's data), known local secrets, and four access keys.
/// Create one per test: <c>using var app = new CallaroApplication();</c>.
/// </summary>
public sealed class CallaroApplication : WebApplicationFactory<Program>
{
    public const string StorageVariable = "CALLARO_TEST_STORAGE";

    public const string WebhookSigningSecret = "test-webhook-signing-secret";
    public const string TwilioAuthToken = "test-twilio-auth-token";
    public const string VonageSignatureSecret = "test-vonage-signature-secret";
    public const string PublicBaseUrl = "http://localhost";

    /// <summary>Telephony role, workspace <c>default</c>.</summary>
    public const string ReaderKey = "reader-key-0f3a9c";
    /// <summary>Admin role, every workspace.</summary>
    public const string AdminKey = "admin-key-7b21e4";
    /// <summary>A known key with no telephony role.</summary>
    public const string NoTelephonyKey = "no-telephony-key-5d8e10";
    /// <summary>Telephony role, workspace <c>other</c> only.</summary>
    public const string OtherWorkspaceKey = "other-workspace-key-c94f2b";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly List<Action<IApplicationBuilder>> _extraEndpoints = [];
    private bool _started;

    public CallaroApplication()
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..8];
        _settings = new Dictionary<string, string?>
        {
            ["Callaro:Storage:ConnectionString"] = StorageConnectionString,
            ["Callaro:Storage:NamePrefix"] = Prefix,
            ["Callaro:Webhooks:SigningSecret"] = WebhookSigningSecret,
            ["Callaro:Twilio:AuthToken"] = TwilioAuthToken,
            ["Callaro:Vonage:SignatureSecret"] = VonageSignatureSecret,
            ["Callaro:PublicBaseUrl"] = PublicBaseUrl,
            // The runner polls storage; tests that exercise it switch it back on.
            ["Callaro:LocalTriggers:Enabled"] = "false",
        };
        AddKey(0, "test reader", ReaderKey, [CallaroRoles.Telephony], ["default"]);
        AddKey(1, "test admin", AdminKey, [CallaroRoles.Admin], [WorkspaceAccess.AllWorkspaces]);
        AddKey(2, "test no-telephony", NoTelephonyKey, [], ["default"]);
        AddKey(3, "test other workspace", OtherWorkspaceKey, [CallaroRoles.Telephony], ["other"]);
    }

    /// <summary>This test's table and container prefix.</summary>
    public string Prefix { get; }

    public StorageNames Names => new(Prefix);

    /// <summary>Everything the app logged, formatted, for tests that check what is (not) logged.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The Azurite connection string from ./test.sh.</summary>
    public static string StorageConnectionString =>
        Environment.GetEnvironmentVariable(StorageVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{StorageVariable} is not set, so the integration tests have no storage to talk to. Run them with ./test.sh, " +
                $"which starts Azurite and sets {StorageVariable}, or set it to an Azurite connection string yourself.");

    /// <summary>Overrides one setting (configuration key with ':'); null removes it. Call before the first request.</summary>
    public CallaroApplication WithSetting(string key, string? value)
    {
        EnsureNotStarted();
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces services (e.g. a fake clock). Call before the first request.</summary>
    public CallaroApplication WithServices(Action<IServiceCollection> configure)
    {
        EnsureNotStarted();
        _services.Add(configure);
        return this;
    }

    /// <summary>
    /// Adds endpoints that exist only in this test, behind the same middleware as the app's own
    /// (problem+json, access, body rules). Map them under <c>/test-only</c>.
    /// </summary>
    public CallaroApplication WithTestEndpoints(Action<IEndpointRouteBuilder> map)
    {
        EnsureNotStarted();
        _extraEndpoints.Add(app => app.Map("/test-only", branch =>
        {
            branch.UseRouting();
            branch.UseCallaroMiddleware();
            branch.UseEndpoints(map);
        }));
        return this;
    }

    public HttpClient CreateAnonymousClient() => CreateDefaultClient();

    public HttpClient CreateReaderClient() => CreateClientWithKey(ReaderKey);

    public HttpClient CreateAdminClient() => CreateClientWithKey(AdminKey);

    public HttpClient CreateNoTelephonyClient() => CreateClientWithKey(NoTelephonyKey);

    public HttpClient CreateOtherWorkspaceClient() => CreateClientWithKey(OtherWorkspaceKey);

    /// <summary>A client that sends <paramref name="key"/> as <c>Authorization: Bearer</c>.</summary>
    public HttpClient CreateClientWithKey(string key)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Starts the app (which provisions this test's tables and containers) if it has not started yet.</summary>
    public IServiceProvider Start() => Services;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _started = true;
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }

            if (_extraEndpoints.Count > 0)
            {
                services.AddSingleton<IStartupFilter>(new ExtraEndpoints(_extraEndpoints));
            }
        });
    }

    private void AddKey(int index, string name, string key, string[] roles, string[] workspaces)
    {
        var prefix = $"Callaro:Access:Keys:{index}";
        _settings[$"{prefix}:Name"] = name;
        _settings[$"{prefix}:Sha256"] = AccessKeyHash.ToHex(key);
        for (var i = 0; i < roles.Length; i++)
        {
            _settings[$"{prefix}:Roles:{i}"] = roles[i];
        }

        for (var i = 0; i < workspaces.Length; i++)
        {
            _settings[$"{prefix}:Workspaces:{i}"] = workspaces[i];
        }
    }

    private void EnsureNotStarted()
    {
        if (_started)
        {
            throw new InvalidOperationException("The app has already started; configure it before the first request.");
        }
    }

    private sealed class ExtraEndpoints(IReadOnlyList<Action<IApplicationBuilder>> branches) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            foreach (var branch in branches)
            {
                branch(app);
            }

            next(app);
        };
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
