using Callaro.Core.Settings;
using Callaro.Core.Workspaces;
using Callaro.Functions.Access;
using Callaro.Functions.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Callaro.Functions.Settings;

/// <summary>Campaign and workspace settings: reading needs telephony access to the workspace, changing needs admin.</summary>
public sealed class SettingsFunctions(CampaignSettingsStore campaigns, WorkspaceSettingsStore workspaces)
{
    // Reading an unknown workspace's settings answers 404 rather than defaults, so a mistyped name is not taken for an
    // unconfigured workspace; PUT needs no known workspace, as it is how an admin creates one.
    [Function("GetCampaignSettings")]
    [Access(AccessPolicies.Telephony, Workspace = true, KnownWorkspace = true)]
    public Task<Results<Ok<CampaignSettingsResponse>, ValidationProblem>> GetCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/{campaignId}")] HttpRequest request, string campaignId) =>
        SettingsApi.GetCampaign(campaignId, Workspace(request), campaigns, request.HttpContext.RequestAborted);

    [Function("PutCampaignSettings")]
    [Access(AccessPolicies.Admin, Workspace = true)]
    [AcceptsBody(SettingsJson.MaxBodyBytes, "application/json")]
    public Task<Results<Ok<CampaignSettingsResponse>, ValidationProblem>> PutCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "campaigns/{campaignId}")] HttpRequest request, string campaignId) =>
        SettingsApi.PutCampaign(campaignId, Workspace(request), request, campaigns, request.HttpContext.RequestAborted);

    [Function("GetWorkspaceSettings")]
    [Access(AccessPolicies.Telephony, Workspace = true, KnownWorkspace = true)]
    public Task<Results<Ok<WorkspaceSettingsResponse>, ValidationProblem>> GetWorkspace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "workspace")] HttpRequest request) =>
        SettingsApi.GetWorkspace(Workspace(request), workspaces, request.HttpContext.RequestAborted);

    [Function("PutWorkspaceSettings")]
    [Access(AccessPolicies.Admin, Workspace = true)]
    [AcceptsBody(SettingsJson.MaxBodyBytes, "application/json")]
    public Task<Results<Ok<WorkspaceSettingsResponse>, ValidationProblem>> PutWorkspace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "workspace")] HttpRequest request) =>
        SettingsApi.PutWorkspace(Workspace(request), request, workspaces, request.HttpContext.RequestAborted);

    private static string? Workspace(HttpRequest request) => request.Query["workspace"].FirstOrDefault();
}
