using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers;

public static class HandoverStatuses
{
    public const string AwaitingSignOff = "awaiting-sign-off";
    public const string SignedOff = "signed-off";
    public const string Queried = "queried";

    public static IReadOnlyList<string> All { get; } = [AwaitingSignOff, SignedOff, Queried];
}

public sealed record HandoverWorker(Guid Id, string Name);

/// <summary>One handover and its review, folded from its stream (stream id = handover id).</summary>
public sealed record Handover(
    Guid Id,
    Guid ActivationId,
    HandoverWorker Outgoing,
    HandoverWorker? Incoming,
    Instant HandedOverAt,
    Sealed<string> Notes,
    string RecordedVia,
    string RecordedBy,
    string Status,
    string? ReviewedBy,
    Instant? ReviewedAt,
    Sealed<string>? ReviewComment)
{
    public static Handover Create(HandoverRecorded e) => new(
        e.HandoverId,
        e.ActivationId,
        new HandoverWorker(e.OutgoingWorkerId, e.OutgoingWorkerName),
        e.IncomingWorkerId is { } incoming ? new HandoverWorker(incoming, e.IncomingWorkerName ?? "") : null,
        e.HandedOverAt,
        e.Notes,
        e.RecordedVia,
        e.RecordedBy,
        HandoverStatuses.AwaitingSignOff,
        null,
        null,
        null);

    public Handover Apply(HandoverSignedOff e) => this with
    {
        Status = HandoverStatuses.SignedOff, ReviewedBy = e.SignedOffBy, ReviewedAt = e.SignedOffAt, ReviewComment = e.Comment,
    };

    public Handover Apply(HandoverQueried e) => this with
    {
        Status = HandoverStatuses.Queried, ReviewedBy = e.QueriedBy, ReviewedAt = e.QueriedAt, ReviewComment = e.Comment,
    };
}
