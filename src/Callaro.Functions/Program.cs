using Callaro.Functions.Access;
using Callaro.Functions.Configuration;
using Callaro.Functions.Health;
using Callaro.Functions.Hosting;
using Callaro.Functions.Problems;
using Callaro.Functions.Storage;

var (verb, hostArgs) = Verbs.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);

builder.AddLocalSettingsWhenRunWithoutHost();
builder.UseCallaroUrls();
builder.AddCallaroOptions();
builder.AddCallaroProblemDetails();
builder.AddCallaroAccess();
builder.AddCallaroStorage();

var app = builder.Build();

app.UseCallaroMiddleware();

app.MapHealth();
app.MapAccess();

return await app.RunVerbAsync(verb);

public partial class Program;
