using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.OnSite;

/// <summary>Owed when the last worker left: whether anyone is on site again by the configured minutes after.</summary>
public sealed record NobodyOnSiteCheck(Guid ActivationId, Instant Since);

/// <summary>
/// When the last worker leaves an open cover, a replacement is sought at once (<see cref="DispatchDesk"/>); if nobody is on
/// site again within Paging:NobodyOnSiteMinutes, an alarm pages the coordinators until one answers for it.
/// </summary>
public sealed class CheckingNobodyOnSite(DispatchDesk desk, AlarmRaiser raiser) : IWorkHandler
{
    public const string Kind = "nobody-on-site-check";

    public IReadOnlyList<string> Kinds { get; } = [Kind];

    public static void Schedule(WorkQueue queue, IDocumentSession session, Guid activationId, Instant since, Instant dueAt, Instant now) =>
        queue.Schedule(session, DeterministicGuid.From($"rostering/dispatch/{activationId:N}/nobody-on-site/{since.ToUnixTimeTicks()}"), Kind, activationId,
            new NobodyOnSiteCheck(activationId, since), dueAt, now);

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var check = item.Read<NobodyOnSiteCheck>();
        var raised = await desk.ExecuteAsync(check.ActivationId, async work =>
        {
            if (work.Dispatch is not { NobodyOnSiteSince: { } since } dispatch || since != check.Since || dispatch.ClosedAt is not null)
            {
                return false;
            }

            var lastWorker = dispatch.NameOf(dispatch.LastOnSite ?? Guid.Empty) ?? "the last worker";
            var onTheWay = dispatch.Handover is { } handover ? handover.IncomingWorkerId : dispatch.CoveringWorkerId();
            var seeking = onTheWay is { } incoming ? $"{dispatch.NameOf(incoming)} has accepted and is on the way" : "no replacement has accepted yet";
            return await raiser.RaiseAsync(work.Session, new RaiseAlarm(
                AlarmKinds.NobodyOnSite,
                $"nobody-on-site/{dispatch.Id:N}/{since.ToUnixTimeTicks()}",
                dispatch.Id,
                $"Nobody has been on site {AlarmTexts.About(dispatch.Area, dispatch.Id)} since {LondonTime.Show(since)}, when {lastWorker} left; {seeking}. Find cover now."),
                work.Now, cancellationToken);
        }, cancellationToken);
        return WorkOutcome.Done(raised ? "alarm raised" : "someone is on site, or the activation closed");
    }
}
