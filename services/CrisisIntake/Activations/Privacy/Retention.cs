using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Privacy;

/// <summary>Binds <c>Retention:*</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// How long a closed activation's personal data is kept. Eight years after the last contact is the usual retention
    /// for adult social care records in England; set what your data protection officer agrees.
    /// </summary>
    public int ClosedActivationDays { get; set; } = 8 * 365;

    /// <summary>How often the sweep runs. It is idempotent, so a missed run only delays shredding to the next.</summary>
    public int SweepEveryMinutes { get; set; } = 24 * 60;
}

/// <summary>A closed activation, waiting for its retention period to pass; kept after shredding as an anonymous record.</summary>
/// Times are Unix milliseconds so the sweep's range query runs in the database.
public sealed record ClosedActivation(Guid Id, long ClosedAtUnixMilliseconds, long? ShreddedAtUnixMilliseconds = null)
{
    public static ClosedActivation At(Guid id, Instant closedAt) => new(id, closedAt.ToUnixTimeMilliseconds());
}

public sealed record SweepResult(int Shredded, Instant ClosedBefore);

/// <summary>
/// Shreds the personal data of activations closed longer ago than the retention period: deletes their keys, and
/// records that it did on each activation's timeline. What remains (times, channel, reason, outcome, who did what)
/// is what the commissioners' figures need.
/// </summary>
public sealed class RetentionSweep(IDocumentStore store, PersonalDataVault vault, IClock clock, IOptions<RetentionOptions> options)
{
    private const int BatchSize = 200;

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var closedBefore = now - Duration.FromDays(options.Value.ClosedActivationDays);
        var reason = $"retention: closed more than {options.Value.ClosedActivationDays} days ago";
        var shredded = 0;
        while (true)
        {
            await using var session = store.LightweightSession();
            var closedBeforeMilliseconds = closedBefore.ToUnixTimeMilliseconds();
            var due = await session.Query<ClosedActivation>()
                .Where(c => c.ShreddedAtUnixMilliseconds == null && c.ClosedAtUnixMilliseconds < closedBeforeMilliseconds)
                .OrderBy(c => c.ClosedAtUnixMilliseconds)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var activation in due)
            {
                await vault.ShredAsync(session, ActivationPrivacy.Subject(activation.Id), reason, cancellationToken);
                session.Events.Append(activation.Id, new PersonalDataShredded(activation.Id, reason, now));
                session.Store(activation with { ShreddedAtUnixMilliseconds = now.ToUnixTimeMilliseconds() });
            }

            await session.SaveChangesAsync(cancellationToken);
            shredded += due.Count;
            if (due.Count < BatchSize)
            {
                return new SweepResult(shredded, closedBefore);
            }
        }
    }
}

/// <summary>Runs the sweep on a schedule; a second instance racing it loses on optimistic concurrency and tries again next time.</summary>
public sealed class ScheduledRetentionSweep(
    RetentionSweep sweep, IOptions<RetentionOptions> options, TimeProvider time, ILogger<ScheduledRetentionSweep> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.SweepEveryMinutes), time);
        do
        {
            try
            {
                var result = await sweep.RunAsync(stoppingToken);
                if (result.Shredded > 0)
                {
                    log.LogInformation("Retention sweep shredded the personal data of {Count} activations closed before {ClosedBefore}", result.Shredded, result.ClosedBefore);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Retention sweep failed; it runs again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

public static class RetentionSlice
{
    public static async Task<IResult> Sweep(RetentionSweep sweep, CancellationToken cancellationToken) =>
        Results.Ok(await sweep.RunAsync(cancellationToken));
}
