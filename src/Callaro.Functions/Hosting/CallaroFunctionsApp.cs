using Callaro.Functions.Access;
using Callaro.Functions.Attachments;
using Callaro.Functions.CallLog;
using Callaro.Functions.Configuration;
using Callaro.Functions.Problems;
using Callaro.Functions.Reports;
using Callaro.Functions.Storage;
using Callaro.Functions.Telemetry;
using Callaro.Functions.Webhooks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

namespace Callaro.Functions.Hosting;

/// <summary>
/// The app's parts, in one place: Program.cs builds this, and so do the tests that run the worker in-process,
/// so both run the same registrations and the same worker middleware.
/// </summary>
public static class CallaroFunctionsApp
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();

        builder.AddCallaroLoggingDefaults();
        builder.Services.AddCallaroTelemetry(builder.Configuration);
        builder.AddCallaroOptions();
        builder.AddCallaroProblemDetails();
        builder.AddCallaroAccess();
        builder.AddCallaroStorage();
        builder.AddCallaroCore();
        builder.AddAttachments();
        builder.AddCallLog();
        builder.AddWebhooks();
        builder.AddHealthReports();

        // Outermost first: answer headers, every error becomes problem+json, single-valued query parameters, the
        // request's time budget, access, then the body rules.
        builder.UseMiddleware<ResponseHeadersMiddleware>();
        builder.UseMiddleware<ProblemTranslationMiddleware>();
        builder.UseMiddleware<QueryParameterMiddleware>();
        builder.UseMiddleware<RequestDeadlineMiddleware>();
        builder.UseMiddleware<AccessMiddleware>();
        builder.UseMiddleware<RequestBodyMiddleware>();
        return builder;
    }

    /// <summary>
    /// ASP.NET Core's per-request Information logs (request started/finished, endpoint executing: several lines
    /// per webhook) cost a large share of the app's CPU per ingested event, so they default to Warning, as in the
    /// ASP.NET Core templates. The Azure SDK logs every storage request and response with its headers at
    /// Information, and every 404/409/412 answer at Warning — answers the app expects (a duplicate event, a call
    /// not yet known, a changed row) and handles — so it defaults to Error. Only a default: any
    /// <c>Logging:LogLevel</c> setting for the category (e.g. <c>Logging__LogLevel__Azure.Core=Information</c>) wins.
    /// </summary>
    public static IHostApplicationBuilder AddCallaroLoggingDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            foreach (var (category, level) in QuietCategories)
            {
                var configured = options.Rules.Any(r => r.ProviderName is null && string.Equals(r.CategoryName, category, StringComparison.OrdinalIgnoreCase));
                if (!configured)
                {
                    options.Rules.Add(new LoggerFilterRule(null, category, level, null));
                }
            }
        });
        return builder;
    }

    public const string AspNetCoreCategory = "Microsoft.AspNetCore";

    public const string AzureSdkCategory = "Azure.Core";

    private static readonly (string Category, LogLevel Level)[] QuietCategories = [(AspNetCoreCategory, LogLevel.Warning), (AzureSdkCategory, LogLevel.Error)];
}
