using Callaro.Core;
using Callaro.Core.CallLog;
using Callaro.Core.Settings;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.CallLog;

/// <summary>Settings of the call log (section <c>Callaro:CallLog</c>).</summary>
public sealed class CallLogOptions
{
    public const string Section = "Callaro:CallLog";

    /// <summary>
    /// The secret that signs cursors (<c>Callaro__CallLog__CursorKey</c>). When absent, a key is derived
    /// (HKDF, distinct purpose) from <c>Callaro__Webhooks__SigningSecret</c>. Rotating it invalidates
    /// open cursors only: readers start again from the first page.
    /// </summary>
    public string? CursorKey { get; set; }

    /// <summary>
    /// How long after a missed or failed call an answered call with the same number still counts as its callback
    /// (<c>Callaro__CallLog__CallbackWindow</c>, 15 minutes to 7 days; default 24 hours).
    /// </summary>
    public TimeSpan CallbackWindow { get; set; } = MissedCallFollowUps.DefaultWindow;
}

public static class CallLogExtensions
{
    /// <summary>
    /// Registers the call log's query side, cursor signing and page rendering services. Needs <c>AddCallaroStorage</c>
    /// and <c>AddCallaroCore</c> (clock, workspace settings, record reader). A row source, workspace defaults or call
    /// details registered before this call are kept (module tests run the pages over in-memory doubles).
    /// </summary>
    public static IHostApplicationBuilder AddCallLog(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CallLogOptions>().BindConfiguration(CallLogOptions.Section)
            .Validate<IConfiguration>((o, configuration) => CursorSecret(o, configuration) is not null,
                "Set Callaro__CallLog__CursorKey (or Callaro__Webhooks__SigningSecret, from which a cursor key is derived): call log cursors must be signed.")
            .Validate(o => o.CallbackWindow >= TimeSpan.FromMinutes(15) && o.CallbackWindow <= TimeSpan.FromDays(7),
                "Callaro__CallLog__CallbackWindow must be between 00:15:00 and 7.00:00:00 (how long after a missed call a callback counts).")
            .ValidateOnStart();
        services.AddSingleton(sp => new CallLogCursorCodec(CallLogCursorCodec.DeriveKey(
            CursorSecret(sp.GetRequiredService<IOptions<CallLogOptions>>().Value, sp.GetRequiredService<IConfiguration>())!)));
        services.TryAddSingleton<ICallLogRowSource>(sp => new TableCallLogRowSource(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<StorageNames>().CallsTable)));
        services.TryAddSingleton<ICallLogGapJudge, CampaignGapJudge>();
        services.AddSingleton<CallLogReader>();
        services.AddSingleton<CallLogTabCounts>();
        services.AddSingleton(sp => new MissedCallFollowUps(sp.GetRequiredService<ICallLogRowSource>(), sp.GetRequiredService<IOptions<CallLogOptions>>().Value.CallbackWindow));
        services.TryAddSingleton<ICallLogWorkspaceDefaults, StoredWorkspaceDefaults>();
        services.TryAddSingleton<CallLoggingJudge>();
        services.TryAddSingleton<ICallDetails, StoredCallDetails>();
        return builder;
    }

    private static string? CursorSecret(CallLogOptions options, IConfiguration configuration) =>
        options.CursorKey is { Length: > 0 } key ? key
        : configuration["Callaro:Webhooks:SigningSecret"] is { Length: > 0 } secret ? secret
        : null;
}
