using Callaro.Simulator;
using Callaro.Simulator.Configuration;
using Spectre.Console;

var run = new SimulationRun(AnsiConsole.Console, TimeProvider.System, Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());
return await SimulatorCommand.Create(run.RunAsync, TimeProvider.System).Parse(args).InvokeAsync();
