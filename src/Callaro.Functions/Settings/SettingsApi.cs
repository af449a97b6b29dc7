using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Callaro.Functions.Settings;

/// <summary>
/// Campaign and workspace settings: <c>GET/PUT /api/campaigns/{campaignId}?workspace=</c> and
/// <c>GET/PUT /api/workspace?workspace=</c>. Reading needs telephony access to the workspace, changing needs the
/// admin role. A PUT is validated completely before anything is written; a bad one changes nothing.
/// </summary>
public static class SettingsApi
{
    private const string NothingChanged = "Nothing was changed. Fix the settings named in 'errors' and send the whole body again.";

    private static readonly IReadOnlyDictionary<string, string> CampaignMembers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = $"expected the campaign's name as a string of at most {DisplayNames.MaxNameLength} characters, e.g. \"Spring renewals\"",
        ["loggingEnabled"] = "expected true or false",
        ["recordingEnabled"] = "expected true or false",
        ["transcriptionEnabled"] = "expected true or false",
        ["crmConnected"] = "expected true or false",
        ["expectedFields"] = "expected a list of field names, e.g. [\"budget\", \"nextStep\"]",
        ["sourceOfTruth"] = "expected an object of field names to \"callaro\" or \"crm\", e.g. {\"stage\": \"crm\"}",
        ["reportGraceMinutes"] = $"expected a whole number of minutes from 0 to {CampaignSettings.MaxGraceMinutes}",
        ["recordingGraceMinutes"] = $"expected a whole number of minutes from 0 to {CampaignSettings.MaxGraceMinutes}",
        ["transcriptGraceMinutes"] = $"expected a whole number of minutes from 0 to {CampaignSettings.MaxGraceMinutes}",
        ["crmGraceMinutes"] = $"expected a whole number of minutes from 0 to {CampaignSettings.MaxGraceMinutes}",
    };

    private static readonly IReadOnlyDictionary<string, string> WorkspaceMembers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["reportingTimeZone"] = "expected an IANA time zone id as a string, e.g. \"Europe/Berlin\"",
        ["defaultLocale"] = "expected a culture name as a string, e.g. \"de-DE\"",
        ["operators"] = "expected an object of operator ids to names, e.g. {\"op-7\": \"Dana Whitfield\"}",
        ["deals"] = "expected an object of deal ids to names, e.g. {\"deal-42\": \"Acme renewal\"}",
    };

    internal static async Task<Results<Ok<CampaignSettingsResponse>, ValidationProblem>> GetCampaign(
        string campaignId, string? workspace, CampaignSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (KeyErrors(ws, campaignId) is { } bad) return bad;
        var stored = await store.FindAsync(ws, campaignId, cancellationToken);
        return TypedResults.Ok(CampaignSettingsResponse.From(ws, campaignId, stored));
    }

    internal static async Task<Results<Ok<CampaignSettingsResponse>, ValidationProblem>> PutCampaign(
        string campaignId, string? workspace, HttpRequest request, CampaignSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (KeyErrors(ws, campaignId) is { } bad) return bad;

        var (body, errors) = await SettingsJson.ReadAsync<CampaignSettingsBody>(request.Body, CampaignMembers, cancellationToken);
        if (body is null) return Invalid(errors);
        var settings = body.ToSettings();
        if (settings.Validate() is { Count: > 0 } invalid) return Invalid(invalid);

        await store.SetAsync(ws, campaignId, settings, cancellationToken);
        return TypedResults.Ok(CampaignSettingsResponse.From(ws, campaignId, settings));
    }

    internal static async Task<Results<Ok<WorkspaceSettingsResponse>, ValidationProblem>> GetWorkspace(
        string? workspace, WorkspaceSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (KeyErrors(ws, null) is { } bad) return bad;
        return TypedResults.Ok(WorkspaceSettingsResponse.From(ws, await store.GetAsync(ws, cancellationToken)));
    }

    internal static async Task<Results<Ok<WorkspaceSettingsResponse>, ValidationProblem>> PutWorkspace(
        string? workspace, HttpRequest request, WorkspaceSettingsStore store, CancellationToken cancellationToken)
    {
        var ws = workspace ?? WorkspaceAccess.DefaultWorkspace;
        if (KeyErrors(ws, null) is { } bad) return bad;

        var (body, errors) = await SettingsJson.ReadAsync<WorkspaceSettingsBody>(request.Body, WorkspaceMembers, cancellationToken);
        if (body is null) return Invalid(errors);
        var settings = body.ToSettings();
        var invalid = new Dictionary<string, string[]>(settings.Validate(), StringComparer.Ordinal);
        if (!invalid.ContainsKey("reportingTimeZone") && WindowsZoneProblem(settings.ReportingTimeZone) is { } zoneProblem)
            invalid["reportingTimeZone"] = [zoneProblem];
        if (invalid.Count > 0) return Invalid(invalid);

        await store.SetAsync(ws, settings, cancellationToken);
        return TypedResults.Ok(WorkspaceSettingsResponse.From(ws, settings));
    }

    // Stored zones must mean the same on every host: a Windows id ("W. Europe Standard Time") is refused with its IANA name.
    private static string? WindowsZoneProblem(string zone) =>
        !TimeZoneInfo.TryConvertIanaIdToWindowsId(zone, out _) && TimeZoneInfo.TryConvertWindowsIdToIanaId(zone, out var iana)
            ? $"'{zone}' is a Windows time zone id; use its IANA id '{iana}'."
            : null;

    private static ValidationProblem? KeyErrors(string workspace, string? campaignId)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (WorkspaceId.Problem(workspace) is { } invalid)
            errors["workspace"] = [invalid];
        if (campaignId is not null && !CampaignSettingsStore.IsValidCampaignId(campaignId))
            errors["campaignId"] = [$"'{campaignId}' cannot be a campaign id: use 1 to 256 characters without / \\ # ? or control characters."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, detail: "Nothing was read or changed. Use valid ids.");
    }

    private static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: NothingChanged);
}
