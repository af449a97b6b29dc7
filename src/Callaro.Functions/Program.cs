using Callaro.Functions.Access;
using Callaro.Functions.Attachments;
using Callaro.Functions.CallLog;
using Callaro.Functions.Configuration;
using Callaro.Functions.Health;
using Callaro.Functions.Hosting;
using Callaro.Functions.Invocations;
using Callaro.Functions.Problems;
using Callaro.Functions.Reports;
using Callaro.Functions.Settings;
using Callaro.Functions.Storage;
using Callaro.Functions.Telemetry;
using Callaro.Functions.Triggers;
using Callaro.Functions.Webhooks;

var (verb, hostArgs) = Verbs.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);

builder.AddCallaroLoggingDefaults();
builder.Services.AddCallaroTelemetry(builder.Configuration);
builder.AddLocalSettingsWhenRunWithoutHost();
builder.UseCallaroUrls();
builder.AddCallaroOptions();
builder.AddCallaroProblemDetails();
builder.AddCallaroAccess();
builder.AddCallaroStorage();
builder.AddCallaroCore();
builder.AddAttachments();
builder.AddCallLog();
builder.AddLocalTriggerRunner();
builder.AddWebhooks();
builder.AddHealthReports();

var app = builder.Build();

app.UseCallaroMiddleware();

app.MapHealth();
app.MapAccess();
app.MapWebhooks();
app.MapCallLog();
app.MapSettings();
app.MapAttachments();
app.MapInvocations();
app.MapHealthReports();

return await app.RunVerbAsync(verb);

public partial class Program;
