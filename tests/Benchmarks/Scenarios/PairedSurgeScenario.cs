namespace Cers.Dispatch.Benchmarks.Scenarios;

/// <summary>The surge with two instances of crisis intake, rostering and escalation side by side (<see cref="SurgeScenario.PairedServices"/>).</summary>
public sealed class PairedSurgeScenario : IScenario
{
    public const string ScenarioName = "surge-two-instances";

    public string Name => ScenarioName;

    public Task<string> RunAsync(CancellationToken cancellationToken) => new SurgeScenario(paired: true).RunAsync(cancellationToken);
}
