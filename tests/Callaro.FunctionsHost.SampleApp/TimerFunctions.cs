using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Callaro.FunctionsHost.SampleApp;

public sealed class TimerFunctions(ILogger<TimerFunctions> logger)
{
    [Function("Tick")]
    public void Tick([TimerTrigger("%SampleTickSchedule%")] TimerInfo timer) =>
        logger.LogInformation(
            "Tick past due: {IsPastDue}; last run {Last:O}",
            timer.IsPastDue,
            timer.ScheduleStatus?.Last);
}
