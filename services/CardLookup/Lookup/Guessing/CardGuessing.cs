using System.Collections.Concurrent;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup.Guessing;

/// <summary>
/// One source gave many card numbers that are not valid or were never issued, within a short window: someone may be
/// trying numbers to find a carer's address. <c>Source</c> is as in <see cref="LookupSource"/>.
/// </summary>
public sealed record CardGuessingSuspected(
    Guid AlertId,
    string Source,
    LookupChannel Channel,
    string RequestedBy,
    int InvalidAttempts,
    int WindowMinutes,
    Instant FirstAttemptAt,
    Instant RaisedAt);

/// <summary>The alert as supervisors list it (one stream per alert, snapshot kept inline).</summary>
public sealed record CardGuessingAlert(
    Guid Id,
    string Source,
    LookupChannel Channel,
    string RequestedBy,
    int InvalidAttempts,
    int WindowMinutes,
    Instant FirstAttemptAt,
    Instant RaisedAt,
    long RaisedAtUnixTicks)
{
    public static CardGuessingAlert Create(CardGuessingSuspected e) => new(
        e.AlertId, e.Source, e.Channel, e.RequestedBy, e.InvalidAttempts, e.WindowMinutes, e.FirstAttemptAt, e.RaisedAt, e.RaisedAt.ToUnixTimeTicks());
}

/// <summary>
/// Counts failed card numbers per source in a sliding window, in memory: a guess costs no database write, and an
/// alert is raised once per source per window. Each instance of the service counts what it serves.
/// </summary>
public sealed class CardGuessingWatch(IOptions<LookupProtectionOptions> options)
{
    private const int MaxSources = 10_000;
    private readonly ConcurrentDictionary<string, Attempts> sources = new(StringComparer.Ordinal);

    /// <summary>Records a failed card number; returns the attempts in the window when this one crosses the threshold.</summary>
    public (int Count, Instant FirstAt)? Failed(string source, Instant at)
    {
        var window = Duration.FromMinutes(options.Value.GuessingWindowMinutes);
        if (sources.Count > MaxSources)
        {
            foreach (var (key, stale) in sources)
            {
                if (stale.LastAt < at - window)
                {
                    sources.TryRemove(key, out _);
                }
            }
        }

        var attempts = sources.GetOrAdd(source, _ => new Attempts());
        lock (attempts)
        {
            attempts.Times.Enqueue(at);
            attempts.LastAt = at;
            while (attempts.Times.Peek() <= at - window)
            {
                attempts.Times.Dequeue();
            }

            if (attempts.Times.Count < options.Value.GuessingThreshold || (attempts.AlertedAt is { } alerted && alerted > at - window))
            {
                return null;
            }

            attempts.AlertedAt = at;
            return (attempts.Times.Count, attempts.Times.Peek());
        }
    }

    private sealed class Attempts
    {
        public Queue<Instant> Times { get; } = new();

        public Instant LastAt { get; set; }

        public Instant? AlertedAt { get; set; }
    }
}

/// <summary>Counts a failed card number and, when it is one too many, stores the alert (published to the bus from there) and logs it.</summary>
public sealed class CardGuessingAlarm(CardGuessingWatch watch, IDocumentStore store, IOptions<LookupProtectionOptions> options, ILogger<CardGuessingAlarm> logger)
{
    public async Task FailedAsync(string source, LookupChannel channel, string requestedBy, Instant now, CancellationToken cancellationToken)
    {
        if (watch.Failed(source, now) is not { } attempts)
        {
            return;
        }

        var window = options.Value.GuessingWindowMinutes;
        var suspected = new CardGuessingSuspected(Guid.CreateVersion7(), source, channel, requestedBy, attempts.Count, window, attempts.FirstAt, now);
        await using var session = store.LightweightSession();
        session.Events.StartStream<CardGuessingAlert>(suspected.AlertId, suspected);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogWarning(
            "Card-number guessing suspected: {Attempts} invalid card numbers from one {Channel} source within {Window} minutes; alert {AlertId} names it",
            attempts.Count, channel, window, suspected.AlertId);
    }
}
