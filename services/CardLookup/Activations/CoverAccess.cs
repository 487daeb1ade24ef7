using NodaTime;

namespace Cers.Dispatch.CardLookup.Activations;

/// <summary>A worker who accepted an offer for the activation; on cover from accepting until they leave.</summary>
public sealed record WorkerOnCover(Guid WorkerId, Instant? AcceptedAt, Instant? LeftAt)
{
    /// <summary>Accepted and not left since; a YES after leaving (sent back the next day) puts them on cover again.</summary>
    public bool OnCover => AcceptedAt is { } accepted && (LeftAt is not { } left || left < accepted);
}

/// <summary>
/// What card lookup knows of one activation, from crisis intake's and rostering's messages, to decide who may see a
/// carer's door details: whose activation it is, whether it is still open, which workers accepted and left. The
/// messages can arrive in any order, so every change is a merge that gives the same result whichever comes first.
/// </summary>
public sealed record CoverAccess(
    Guid Id,
    Guid? CarerId,
    Instant? OpenedAt,
    Instant? ClosedAt,
    IReadOnlyList<WorkerOnCover> Workers)
{
    /// <summary>Open until closed: a verification that overtakes the opening already belongs to a live emergency.</summary>
    public bool Open => ClosedAt is null;

    public static CoverAccess New(Guid activationId) => new(activationId, null, null, null, []);

    public CoverAccess Opened(Instant at) => this with { OpenedAt = OpenedAt ?? at };

    /// <summary>An activation is identified as one carer's only (crisis intake refuses another), so this too is a merge.</summary>
    public CoverAccess Identified(Guid carerId) => this with { CarerId = carerId };

    public CoverAccess Closed(Instant at) => this with { ClosedAt = ClosedAt ?? at };

    public CoverAccess Accepted(Guid workerId, Instant at) => WithWorker(workerId, w => w with { AcceptedAt = w.AcceptedAt is { } earlier && earlier > at ? earlier : at });

    public CoverAccess Left(Guid workerId, Instant at) => WithWorker(workerId, w => w with { LeftAt = w.LeftAt is { } later && later > at ? later : at });

    public WorkerOnCover? Worker(Guid workerId) => Workers.FirstOrDefault(w => w.WorkerId == workerId);

    /// <summary>Nothing to store: what a message delivered again merges to, since every change is a merge.</summary>
    public bool SameAs(CoverAccess other) => this with { Workers = other.Workers } == other && Workers.SequenceEqual(other.Workers);

    private CoverAccess WithWorker(Guid workerId, Func<WorkerOnCover, WorkerOnCover> change) => this with
    {
        Workers = Worker(workerId) is null
            ? [.. Workers, change(new WorkerOnCover(workerId, null, null))]
            : Workers.Select(w => w.WorkerId == workerId ? change(w) : w).ToList(),
    };
}
