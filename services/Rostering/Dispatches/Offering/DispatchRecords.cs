using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <summary>Finds the offer an SMS reply is about: each offer has its own short code.</summary>
public sealed record OfferCode(string Id, Guid ActivationId, Guid OfferId, Guid WorkerId, Instant MadeAt);

/// <summary>
/// A worker asked for one activation (an offer waiting for her answer) or committed to it (she accepted and has not left):
/// not free for another. One row per worker, written in the transaction of the decision that asks her, whichever instance
/// decides: two decisions that both found her free cannot both store, the second's insert conflicts and it decides again,
/// finding her taken. No worker is freed or claimed anywhere else.
/// </summary>
public sealed record WorkerClaim(Guid Id, Guid ActivationId, Guid OfferId, WorkerClaimState State, Instant Since)
{
    public bool IsCommitted => State == WorkerClaimState.Committed;
}

public enum WorkerClaimState
{
    Asked,
    Committed,
}

public sealed record Visit(Guid ActivationId, Instant ArrivedAt, Instant? LeftAt);

/// <summary>
/// A worker's time on site, for "who has worked least this week"; folded from the worker's own stream. Every offer reads
/// every worker's, so it keeps only the visits that can still fall in this week: those still open, and those ended
/// within <see cref="KeptFor"/> of the latest arrival.
/// <para>
/// Visits were once left open when an activation closed with the worker on site. So a visit still open when she arrives
/// somewhere else ends there, and an open visit counts for at most <see cref="LongestOpenVisit"/>.
/// </para>
/// </summary>
public sealed record WorkerTimesheet(Guid Id, IReadOnlyList<Visit> Visits)
{
    public static readonly Duration KeptFor = Duration.FromDays(8);

    public static readonly Duration LongestOpenVisit = Duration.FromHours(24);

    public static WorkerTimesheet Create(Staff.StaffRegistered e) => new(e.StaffId, []);

    public WorkerTimesheet Apply(WorkerVisitStarted e) => this with
    {
        Visits =
        [
            .. Visits.Where(v => v.LeftAt is not { } left || left > e.ArrivedAt - KeptFor).Select(v => v.LeftAt is null ? v with { LeftAt = Instant.Min(e.ArrivedAt, v.ArrivedAt + LongestOpenVisit) } : v),
            new Visit(e.ActivationId, e.ArrivedAt, null),
        ],
    };

    public WorkerTimesheet Apply(WorkerVisitEnded e) => this with
    {
        Visits = Visits.Select(v => v.ActivationId == e.ActivationId && v.LeftAt is null ? v with { LeftAt = e.LeftAt } : v).ToList(),
    };

    public double HoursBetween(Instant from, Instant to) =>
        Visits.Sum(v =>
        {
            var start = Instant.Max(v.ArrivedAt, from);
            var end = Instant.Min(v.LeftAt ?? Instant.Min(to, v.ArrivedAt + LongestOpenVisit), to);
            return end > start ? (end - start).TotalHours : 0;
        });
}

/// <summary>Stored on the worker's stream when they arrive on site.</summary>
public sealed record WorkerVisitStarted(Guid WorkerId, Guid ActivationId, Instant ArrivedAt);

public sealed record WorkerVisitEnded(Guid WorkerId, Guid ActivationId, Instant LeftAt);

/// <summary>Crisis intake could not identify the card: a coordinator must say whose plan to staff.</summary>
public sealed record CarerIdentificationNeeded(Guid Id, string Why, Instant At);

/// <summary>An SMS Twilio delivered to us, kept by MessageSid so a retried webhook gets the same answer and changes nothing.</summary>
public sealed record ReceivedSms(string Id, string From, string Body, string Reply, Instant At);


public static class OfferCodes
{
    /// <summary>The characters of a code: 23 that cannot be misread.</summary>
    public const string Alphabet = "ACDEFHJKMNPRTUVWXY34679";

    /// <summary>How long an offer's code stays its own: a YES to an offer older than this is long past mattering.</summary>
    public static readonly Duration GivenAgainAfter = Duration.FromDays(30);

    /// <summary>Four letters and digits that cannot be misread (no O/0, I/1, S/5, B/8).</summary>
    public static string New() => string.Create(4, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });
}
