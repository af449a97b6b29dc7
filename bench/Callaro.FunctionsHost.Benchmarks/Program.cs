using Callaro.FunctionsHost.Benchmarks;

// bare --port P                         the baseline app: GET /sample/Hello answers "hello", as the sample function
// coldstart --runs N --port-base P --app DIR --host-dll DLL [--path /api/health]
//                                       process start -> first 200, host with the sample app vs the bare app
// throughput --host URL --host-pid PID --bare URL --bare-pid PID --app DIR --function NAME --clock-ticks HZ
//            --concurrency C --seconds S --rounds R
//                                       requests/s, latency and CPU per request through the host, the worker alone
//                                       (on its HttpUri) and the bare app
var options = Options.Parse(args.Skip(1).ToArray());
return args.FirstOrDefault() switch
{
    "bare" => await BareApp.RunAsync(options.Int("port")),
    "coldstart" => await ColdStart.RunAsync(options),
    "throughput" => await Throughput.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: bare --port P | coldstart … | throughput … (see bench/functionshost.sh)");
    return 2;
}
