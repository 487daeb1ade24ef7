using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.Texting;
using Cers.Dispatch.Rostering.Handovers;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.Rostering.Dispatches.OnSite;

/// <summary>
/// What a worker on a call tells us, by SMS (ARRIVED, LEFT, HANDOVER notes) or from the plan link's buttons: the same
/// decisions and the same answers whichever way it came.
/// </summary>
public static class OnSiteCommands
{
    public static Reply Arrive(DispatchWork work, Guid workerId) =>
        OfferDecider.Arrive(work.Dispatch!, workerId, Nations.Default, work.Now);

    public static async Task<Reply> LeaveAsync(DispatchWork work, Guid workerId, CancellationToken cancellationToken) =>
        OfferDecider.Leave(work.Dispatch!, workerId, work.Now, await HandedOverAsync(work, workerId, cancellationToken));

    /// <summary>
    /// Records the notes, sealed under the activation's key, on a handover stream of their own (awaiting a supervisor's
    /// sign-off); null when refused. Returns the key too, so the caller can show the notes back.
    /// </summary>
    public static async Task<(Reply Reply, HandoverRecorded? Recorded, SubjectKey? Key)> HandOverAsync(
        DispatchWork work, PersonalDataVault vault, Guid workerId, string? notes, string via, string recordedBy, CancellationToken cancellationToken)
    {
        SubjectKey key;
        try
        {
            key = await vault.KeyForWritingAsync(work.Session, ActivationPrivacy.Subject(work.Dispatch!.Id), cancellationToken);
        }
        catch (SubjectShreddedException)
        {
            return (new Reply([], "This call's personal data has been erased, so no notes can be recorded. Please phone the on-call coordinator."), null, null);
        }

        var decision = HandoverDecider.Record(work.Dispatch, workerId, notes, key, Guid.CreateVersion7(), via, recordedBy, work.Now);
        if (decision.Event is not HandoverRecorded recorded)
        {
            return (new Reply([], decision.Refused!), null, null);
        }

        work.Session.Events.StartStream<Handover>(recorded.HandoverId, recorded);
        var to = recorded.IncomingWorkerName is { } incoming ? $" for {incoming}" : "";
        return (new Reply([], $"Thank you, your handover notes{to} are recorded. Text LEFT when you leave."), recorded, key);
    }

    /// <summary>Whether the worker left notes since their handover began (true when no handover is under way).</summary>
    private static async Task<bool> HandedOverAsync(DispatchWork work, Guid workerId, CancellationToken cancellationToken)
    {
        if (work.Dispatch is not { Handover: { } handover } dispatch || handover.OutgoingWorkerId != workerId)
        {
            return true;
        }

        var given = await work.Session.Query<Handover>().Where(h => h.ActivationId == dispatch.Id).ToListAsync(cancellationToken);
        return given.Any(h => h.Outgoing.Id == workerId && h.HandedOverAt >= handover.SoughtAt);
    }
}
