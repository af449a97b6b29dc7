using Callaro.Functions.Hosting;

var (verb, workerArgs) = Verbs.Split(args);
var app = CallaroFunctionsApp.CreateBuilder(workerArgs).Build();
return await app.RunVerbAsync(verb, workerArgs);
