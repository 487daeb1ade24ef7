using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.OnSite;

/// <summary>Owed when fewer workers than the plan needs at once came to be on site: whether enough are there by the configured minutes after.</summary>
public sealed record ShortHandedCheck(Guid ActivationId, Instant Since);

/// <summary>
/// A plan for a two-person transfer with one worker on site (the colleague not come yet, or gone with nobody in their
/// place): if it is still so Paging:ShortHandedMinutes later, an alarm pages the coordinators until one answers for it. It
/// stands down when enough are on site again, nobody is, or the activation closes.
/// </summary>
public sealed class CheckingShortHanded(DispatchDesk desk, AlarmRaiser raiser) : IWorkHandler
{
    public const string Kind = "short-handed-check";

    public IReadOnlyList<string> Kinds { get; } = [Kind];

    public static void Schedule(WorkQueue queue, IDocumentSession session, Guid activationId, Instant since, Instant dueAt, Instant now) =>
        queue.Schedule(session, DeterministicGuid.From($"rostering/dispatch/{activationId:N}/short-handed/{since.ToUnixTimeTicks()}"), Kind, activationId,
            new ShortHandedCheck(activationId, since), dueAt, now);

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var check = item.Read<ShortHandedCheck>();
        var raised = await desk.ExecuteAsync(check.ActivationId, async work =>
        {
            if (work.Dispatch is not { ShortHandedSince: { } since, ClosedAt: null } dispatch || since != check.Since)
            {
                return false;
            }

            return await raiser.RaiseAsync(work.Session, new RaiseAlarm(
                AlarmKinds.ShortHanded,
                $"short-handed/{dispatch.Id:N}/{since.ToUnixTimeTicks()}",
                dispatch.Id,
                $"Only {Who(dispatch)} of the {dispatch.PlacesNeeded} care workers the plan needs at once {(dispatch.OnSite.Count == 1 ? "is" : "are")} on site " +
                $"{AlarmTexts.About(dispatch.Area, dispatch.Id)}, since {LondonTime.Show(since)}; {Coming(dispatch)}. " +
                "A two-person transfer cannot be done safely: find the other worker now."),
                work.Now, cancellationToken);
        }, cancellationToken);
        return WorkOutcome.Done(raised ? "alarm raised" : "enough are on site, nobody is, or the activation closed");
    }

    private static string Who(StaffDispatch dispatch) =>
        $"{dispatch.OnSite.Count} ({string.Join(", ", dispatch.OnSite.Select(w => dispatch.NameOf(w) ?? "a worker"))})";

    private static string Coming(StaffDispatch dispatch)
    {
        var onTheWay = new[] { dispatch.CoveringWorkerId(), dispatch.Handover?.IncomingWorkerId }.OfType<Guid>().Concat(dispatch.Companions)
            .Where(w => !dispatch.OnSite.Contains(w)).Distinct().Select(w => dispatch.NameOf(w) ?? "a worker").ToList();
        return onTheWay.Count > 0
            ? $"{string.Join(" and ", onTheWay)} accepted and {(onTheWay.Count == 1 ? "is" : "are")} not there yet"
            : "nobody has accepted the other place yet";
    }
}
