using System.Security.Claims;
using System.Text.Json;
using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Callaro.Core;
using Callaro.Storage.Tables;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callaro.Functions.Settings;

/// <summary>Campaign and workspace settings: read with telephony access, changed by admins; validated before anything is written.</summary>
public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettings(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Settings").RequireAuthorization(AccessPolicies.Telephony);
        api.MapGet("/campaigns/{campaignId}", GetCampaign).WithName("GetCampaign");
        api.MapPut("/campaigns/{campaignId}", PutCampaign).WithName("PutCampaign").RequireAuthorization(AccessPolicies.Admin);
        api.MapGet("/workspace", GetWorkspace).WithName("GetWorkspace");
        api.MapPut("/workspace", PutWorkspace).WithName("PutWorkspace").RequireAuthorization(AccessPolicies.Admin);
        return app;
    }

    /// <summary>The campaign and workspace settings stores (shared with the health report, which registers them too).</summary>
    public static IHostApplicationBuilder AddSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSettingsServices();
        return builder;
    }

    public static IServiceCollection AddSettingsServices(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new CampaignSettingsStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>()));
        services.TryAddSingleton(sp => new WorkspaceSettingsStore(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageNames>()));
        return services;
    }

    internal static async Task<Results<Ok<CampaignSettingsResponse>, ProblemHttpResult>> GetCampaign(
        string campaignId, [FromQuery] string? workspace, ClaimsPrincipal user, CampaignSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (WorkspaceAccess.Check(user, ws) is { } denied) return denied;
        if (!CampaignSettingsStore.IsValidCampaignId(campaignId)) return BadCampaignId(campaignId);
        var stored = await store.GetAsync(ws, campaignId, cancellationToken);
        return TypedResults.Ok(CampaignSettingsResponse.From(ws, campaignId, stored));
    }

    internal static async Task<Results<Ok<CampaignSettingsResponse>, ValidationProblem, ProblemHttpResult>> PutCampaign(
        string campaignId, [FromQuery] string? workspace, HttpRequest request, ClaimsPrincipal user, CampaignSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (WorkspaceAccess.Check(user, ws) is { } denied) return denied;
        if (!CampaignSettingsStore.IsValidCampaignId(campaignId)) return BadCampaignId(campaignId);
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var (settings, errors) = CampaignSettings.Parse(body.RootElement);
        if (settings is null)
        {
            return TypedResults.ValidationProblem(errors, detail: "The settings were not changed. Fix the fields named in errors and send them again.");
        }
        await store.SetAsync(ws, campaignId, settings, cancellationToken);
        return TypedResults.Ok(CampaignSettingsResponse.From(ws, campaignId, settings));
    }

    internal static async Task<Results<Ok<WorkspaceSettingsResponse>, ProblemHttpResult>> GetWorkspace(
        [FromQuery] string? workspace, ClaimsPrincipal user, WorkspaceSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (WorkspaceAccess.Check(user, ws) is { } denied) return denied;
        var s = await store.GetAsync(ws, cancellationToken);
        return TypedResults.Ok(new WorkspaceSettingsResponse(ws, s.ReportingTimeZone, s.DefaultLocale));
    }

    internal static async Task<Results<Ok<WorkspaceSettingsResponse>, ValidationProblem, ProblemHttpResult>> PutWorkspace(
        [FromQuery] string? workspace, HttpRequest request, ClaimsPrincipal user, WorkspaceSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (WorkspaceAccess.Check(user, ws) is { } denied) return denied;
        using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var current = await store.GetAsync(ws, cancellationToken);
        string zone = current.ReportingTimeZone, locale = current.DefaultLocale;
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object: {\"reportingTimeZone\": \"Europe/Berlin\", \"defaultLocale\": \"de-DE\"}."];
        }
        else
        {
            foreach (var member in body.RootElement.EnumerateObject())
            {
                switch (member.Name)
                {
                    case "reportingTimeZone" when member.Value.ValueKind == JsonValueKind.String: zone = member.Value.GetString()!; break;
                    case "defaultLocale" when member.Value.ValueKind == JsonValueKind.String: locale = member.Value.GetString()!; break;
                    case "reportingTimeZone" or "defaultLocale": errors[member.Name] = ["Expected a string."]; break;
                    default: errors[member.Name] = ["Unknown setting. The settings are: reportingTimeZone, defaultLocale."]; break;
                }
            }
        }
        var settings = new WorkspaceSettings(zone, locale);
        foreach (var (field, messages) in settings.Validate())
        {
            errors[field] = messages;
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The settings were not changed. Fix the fields named in errors and send them again.");
        }
        await store.SetAsync(ws, settings, cancellationToken);
        return TypedResults.Ok(new WorkspaceSettingsResponse(ws, zone, locale));
    }

    private static ProblemHttpResult BadCampaignId(string id) =>
        TypedResults.Problem(title: "Invalid campaign id", statusCode: StatusCodes.Status400BadRequest,
            detail: $"'{id}' cannot be a campaign id: use 1 to 200 characters without / \\ # ? or control characters.");
}

/// <summary>A campaign's settings as the API shows them.</summary>
public sealed record CampaignSettingsResponse(
    string WorkspaceId, string CampaignId, bool Configured, bool LoggingEnabled, bool RecordingEnabled, bool TranscriptionEnabled, bool CrmConnected,
    IReadOnlyList<string> ExpectedFields, IReadOnlyDictionary<string, string> SourceOfTruth,
    int TranscriptGraceMinutes, int RecordingGraceMinutes, int CrmGraceMinutes, int ReportGraceMinutes)
{
    public static CampaignSettingsResponse From(string workspace, string campaign, CampaignSettings? stored)
    {
        var s = stored ?? CampaignSettings.Default;
        return new(workspace, campaign, stored is not null, s.LoggingEnabled, s.RecordingEnabled, s.TranscriptionEnabled, s.CrmConnected,
            s.ExpectedFields, s.SourceOfTruth, s.TranscriptGraceMinutes, s.RecordingGraceMinutes, s.CrmGraceMinutes, s.ReportGraceMinutes);
    }
}

/// <summary>A workspace's settings as the API shows them.</summary>
public sealed record WorkspaceSettingsResponse(string WorkspaceId, string ReportingTimeZone, string DefaultLocale);
