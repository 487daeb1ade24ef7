using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.Rostering.Handovers;

/// <summary>Handovers settings: the "Handovers" configuration section.</summary>
public sealed class HandoverOptions
{
    public const string Section = "Handovers";

    /// <summary>How long before the covering worker's duty ends the next worker is sought.</summary>
    public int LeadMinutes { get; set; } = 60;
}

/// <summary>What the rota says of a worker: on duty (now, or about to be), and until when (null: beyond the look-ahead).</summary>
public sealed record Duty(bool OnDuty, Instant? EndsAt);

/// <summary>A handover decision: the event to store, or why there is none.</summary>
public sealed record HandoverDecision(object? Event, string? Refused)
{
    public static HandoverDecision Refuse(string why) => new(null, why);
}

public static class HandoverVia
{
    public const string Sms = "sms";
    public const string PlanLink = "plan-link";
    public const string Coordinator = "coordinator";
}

/// <summary>
/// Cover can last up to 72 hours, longer than any shift: before the covering worker's duty ends the next worker is sought
/// (then offered as the first was: ranking, SMS, deadlines, escalation), the outgoing worker leaves notes, and a supervisor
/// signs them off or queries them. Pure functions from state and command to events.
/// </summary>
public static class HandoverDecider
{
    /// <summary>How far ahead the rota is read for the end of a duty; a duty that does not end by then is looked at again later.</summary>
    public static readonly Duration LookAhead = Duration.FromDays(7);

    private static readonly Duration Tolerance = Duration.FromMinutes(1);

    public const int MaxNotesLength = 2000;

    /// <summary>The covering worker whose handover is not planned yet (someone new took over, or the first accepted).</summary>
    public static Guid? WhoNeedsPlanning(StaffDispatch dispatch) =>
        dispatch.ClosedAt is null && dispatch.Handover is null && dispatch.CoveringWorkerId() is { } worker && dispatch.NextHandover?.WorkerId != worker
            ? worker
            : null;

    /// <summary>Companions (places beyond the first) whose relief is not timed yet and is not being sought.</summary>
    public static IReadOnlyList<Guid> CompanionsNeedingPlanning(StaffDispatch dispatch) =>
        dispatch.ClosedAt is not null
            ? []
            : dispatch.Companions
                .Where(c => dispatch.CompanionDuties.All(d => d.WorkerId != c) && dispatch.CompanionReliefs.All(r => r.OutgoingWorkerId != c))
                .ToList();

    /// <summary>A companion's relief-due timer: as <see cref="PlanNext"/>, the lead time before their duty ends.</summary>
    public static IReadOnlyList<object> PlanRelief(StaffDispatch dispatch, Guid companion, Duty duty, HandoverOptions options, Duration firstVisit, Guid timerId, Instant now)
    {
        if (!CompanionsNeedingPlanning(dispatch).Contains(companion))
        {
            return [];
        }

        var endsAt = EndToPlan(duty, firstVisit, now);
        return [new CompanionReliefDueSet(dispatch.Id, companion, timerId, endsAt, DueAt(endsAt, options, now), now)];
    }

    /// <summary>
    /// A companion's relief-due timer fired: their place is offered ahead of their duty's end (a new round, unless another
    /// is under way), or the timer set again when the rota now says later; stale when they no longer hold the place.
    /// </summary>
    public static IReadOnlyList<object> ReliefDue(StaffDispatch dispatch, Guid firedTimerId, Guid companion, Duty duty, HandoverOptions options, Guid newTimerId, Instant now)
    {
        if (dispatch.ClosedAt is not null || !dispatch.Companions.Contains(companion)
            || dispatch.CompanionDuties.FirstOrDefault(d => d.WorkerId == companion) is not { } planned || planned.TimerId != firedTimerId)
        {
            return [];
        }

        var endsAt = EndWhenDue(duty, planned, now);
        return SeekingFrom(endsAt, options, now) is { } relieveAt
            ? [new CompanionReliefSought(dispatch.Id, dispatch.RoundForNewSeeking(), companion, relieveAt, now)]
            : [new CompanionReliefDueSet(dispatch.Id, companion, newTimerId, endsAt, DueAt(endsAt, options, now), now)];
    }

    /// <summary>
    /// Asks for the handover-due timer: the lead time before the worker's duty ends. A worker a coordinator chose while off
    /// duty is taken to cover the first visit (<paramref name="firstVisit"/>), as the offer assumed.
    /// </summary>
    public static IReadOnlyList<object> PlanNext(StaffDispatch dispatch, Guid workerId, Duty duty, HandoverOptions options, Duration firstVisit, Guid timerId, Instant now)
    {
        if (WhoNeedsPlanning(dispatch) != workerId)
        {
            return [];
        }

        return [DueSet(dispatch.Id, workerId, EndToPlan(duty, firstVisit, now), options, timerId, now)];
    }

    /// <summary>
    /// The handover-due timer fired: seek the next worker, unless the rota now says the duty ends later (then the timer is
    /// set again) or the timer is stale (someone else covers now, the activation closed, a later timer replaced it).
    /// </summary>
    public static IReadOnlyList<object> Due(StaffDispatch dispatch, Guid firedTimerId, Duty duty, HandoverOptions options, Guid newTimerId, Instant now)
    {
        if (dispatch.ClosedAt is not null || dispatch.Handover is not null || dispatch.NextHandover is not { } planned
            || planned.TimerId != firedTimerId || dispatch.CoveringWorkerId() != planned.WorkerId)
        {
            return [];
        }

        var endsAt = EndWhenDue(duty, planned, now);
        return SeekingFrom(endsAt, options, now) is { } takeOverAt
            ? [new HandoverSought(dispatch.Id, dispatch.RoundForNewSeeking(), planned.WorkerId, takeOverAt, now)]
            : [DueSet(dispatch.Id, planned.WorkerId, endsAt, options, newTimerId, now)];
    }

    /// <summary>
    /// Notes from the worker handing over: the covering worker, or one who already handed over and phoned them in. The
    /// incoming worker is whoever has accepted to take over from them, if anyone has yet. The notes are sealed with
    /// <paramref name="key"/>, the activation's.
    /// </summary>
    public static HandoverDecision Record(
        StaffDispatch dispatch, Guid workerId, string? notes, SubjectKey key, Guid handoverId, string via, string recordedBy, Instant now)
    {
        var name = dispatch.NameOf(workerId) ?? "The worker";
        if (dispatch.ClosedAt is not null)
        {
            return HandoverDecision.Refuse("This call has been closed, so there is nothing to hand over.");
        }

        if (string.IsNullOrWhiteSpace(notes))
        {
            return HandoverDecision.Refuse("Please write your notes after HANDOVER: what was done, medication given, anything to watch.");
        }

        if (notes.Length > MaxNotesLength)
        {
            return HandoverDecision.Refuse($"Handover notes are at most {MaxNotesLength} characters.");
        }

        Guid? incoming;
        if (dispatch.Handover is { } handover && handover.OutgoingWorkerId == workerId)
        {
            incoming = handover.IncomingWorkerId;
        }
        else if (dispatch.CoveringWorkerId() == workerId)
        {
            incoming = null;
        }
        else if (dispatch.Companions.Contains(workerId))
        {
            incoming = dispatch.CompanionReliefs.FirstOrDefault(r => r.OutgoingWorkerId == workerId)?.IncomingWorkerId;
        }
        else if (dispatch.PastHandovers.LastOrDefault(h => h.OutgoingWorkerId == workerId) is { } past)
        {
            incoming = past.IncomingWorkerId;
        }
        else
        {
            return HandoverDecision.Refuse($"{name} is not covering this call, so has no handover to give.");
        }

        return new HandoverDecision(
            new HandoverRecorded(
                handoverId, dispatch.Id, workerId, name, incoming, incoming is { } id ? dispatch.NameOf(id) : null, key.Seal(notes.Trim()), via, recordedBy, now),
            null);
    }

    /// <summary>
    /// A supervisor signs the notes off, with a comment sealed under <paramref name="key"/> (the activation's). Once the
    /// activation's personal data is erased (<paramref name="key"/> null) a handover can still be signed off, without a comment.
    /// </summary>
    public static HandoverDecision SignOff(Handover handover, string by, string? comment, SubjectKey? key, Instant now)
    {
        if (handover.Status == HandoverStatuses.SignedOff)
        {
            return HandoverDecision.Refuse($"Already signed off by {handover.ReviewedBy} at {LondonTime.Show(handover.ReviewedAt!.Value)}.");
        }

        if (string.IsNullOrWhiteSpace(comment))
        {
            return new HandoverDecision(new HandoverSignedOff(handover.Id, handover.ActivationId, by, null, now), null);
        }

        return key is null
            ? HandoverDecision.Refuse(ErasedNoComment)
            : new HandoverDecision(new HandoverSignedOff(handover.Id, handover.ActivationId, by, key.Seal(comment.Trim()), now), null);
    }

    public static HandoverDecision Query(Handover handover, string by, string comment, SubjectKey? key, Instant now)
    {
        if (handover.Status == HandoverStatuses.SignedOff)
        {
            return HandoverDecision.Refuse($"Signed off by {handover.ReviewedBy} at {LondonTime.Show(handover.ReviewedAt!.Value)}: a signed-off handover cannot be queried.");
        }

        return key is null
            ? HandoverDecision.Refuse(ErasedNoComment)
            : new HandoverDecision(new HandoverQueried(handover.Id, handover.ActivationId, by, key.Seal(comment.Trim()), now), null);
    }

    private const string ErasedNoComment = "This call's personal data has been erased, so no comment can be kept: sign the handover off without one.";

    private static Duration Lead(HandoverOptions options) => Duration.FromMinutes(options.LeadMinutes);

    /// <summary>The end of the duty a timer is set for: the rota's, or for a worker chosen off duty the first visit's.</summary>
    private static Instant? EndToPlan(Duty duty, Duration firstVisit, Instant now) => duty.OnDuty ? duty.EndsAt : now + firstVisit;

    /// <summary>When the timer fires. Off the rota now (an override took them off, or a coordinator chose them off duty): the planned end stands, or now.</summary>
    private static Instant? EndWhenDue(Duty duty, NextHandover planned, Instant now) =>
        duty.OnDuty ? duty.EndsAt : planned.DutyEndsAt is { } p && p > now ? p : now;

    /// <summary>From when the next worker is sought, once the lead time before the end has come; null while it is still ahead (or the end beyond the look-ahead).</summary>
    private static Instant? SeekingFrom(Instant? endsAt, HandoverOptions options, Instant now) =>
        endsAt is { } end && end - Lead(options) <= now + Tolerance ? Instant.Max(end, now) : null;

    /// <summary>The lead time before the end; when the rota shows no end within the look-ahead, when to look again.</summary>
    private static Instant DueAt(Instant? endsAt, HandoverOptions options, Instant now) =>
        endsAt is { } end ? Instant.Max(now, end - Lead(options)) : now + LookAhead - Lead(options);

    private static HandoverDueSet DueSet(Guid activationId, Guid workerId, Instant? endsAt, HandoverOptions options, Guid timerId, Instant now) =>
        new(activationId, workerId, timerId, endsAt, DueAt(endsAt, options, now), now);
}
