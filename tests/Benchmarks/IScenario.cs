namespace Cers.Dispatch.Benchmarks;

/// <summary>One measured scenario of the harness; its report becomes a section of docs/benchmarks.md.</summary>
public interface IScenario
{
    /// <summary>Short name used on the command line and as the section marker, e.g. "card-lookup".</summary>
    string Name { get; }

    /// <summary>Returns the section's Markdown (a heading, what was measured, a table).</summary>
    Task<string> RunAsync(CancellationToken cancellationToken);
}
