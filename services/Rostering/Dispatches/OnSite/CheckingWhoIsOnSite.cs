using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.OnSite;

/// <summary>Owed when cover came to be unsafe at <paramref name="Since"/>: whether it still is by the configured minutes after.</summary>
public sealed record OnSiteCheck(Guid ActivationId, Instant Since);

/// <summary>
/// Two checks on who is with the person cared for, each owed by the decision that made it unsafe and paging the
/// coordinators until one answers for it:
/// <list type="bullet">
/// <item>nobody on site: the last worker left an open cover (a replacement is sought at once); still nobody
/// Paging:NobodyOnSiteMinutes later;</item>
/// <item>short-handed: fewer than the plan needs at once (one worker at a two-person transfer, the colleague not come or
/// gone); still so Paging:ShortHandedMinutes later. Enough on site again, or nobody, stands it down.</item>
/// </list>
/// A check that finds the moment passed (someone came, the activation closed) changes nothing.
/// </summary>
public sealed class CheckingWhoIsOnSite(DispatchDesk desk, AlarmRaiser raiser) : IWorkHandler
{
    public const string NobodyOnSite = "nobody-on-site-check";
    public const string ShortHanded = "short-handed-check";

    public IReadOnlyList<string> Kinds { get; } = [NobodyOnSite, ShortHanded];

    public bool DecidesOnItsStream => true;

    public static void Schedule(WorkQueue queue, IDocumentSession session, string kind, Guid activationId, Instant since, Instant dueAt, Instant now) =>
        queue.Schedule(session, DeterministicGuid.From($"rostering/dispatch/{activationId:N}/{Topic(kind)}/{since.ToUnixTimeTicks()}"), kind, activationId,
            new OnSiteCheck(activationId, since), dueAt, now);

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var check = item.Read<OnSiteCheck>();
        var raised = await desk.ExecuteInAsync(context, check.ActivationId, async work =>
            work.Dispatch is { ClosedAt: null } dispatch && AlarmFor(item.Kind, dispatch, check.Since) is { } alarm
            && await raiser.RaiseAsync(work.Session, alarm, work.Now, cancellationToken), cancellationToken);
        return WorkOutcome.Done(raised ? "alarm raised" : "safe again, or the activation closed");
    }

    private static string Topic(string kind) => kind == NobodyOnSite ? "nobody-on-site" : "short-handed";

    private static RaiseAlarm? AlarmFor(string kind, StaffDispatch dispatch, Instant since) => kind switch
    {
        NobodyOnSite when dispatch.NobodyOnSiteSince == since => new RaiseAlarm(
            AlarmKinds.NobodyOnSite,
            $"nobody-on-site/{dispatch.Id:N}/{since.ToUnixTimeTicks()}",
            dispatch.Id,
            $"Nobody has been on site {AlarmTexts.About(dispatch.Area, dispatch.Id)} since {LondonTime.Show(since)}, when " +
            $"{dispatch.NameOf(dispatch.LastOnSite ?? Guid.Empty) ?? "the last worker"} left; {Coming(dispatch, "no replacement has accepted yet")}. Find cover now."),
        ShortHanded when dispatch.ShortHandedSince == since => new RaiseAlarm(
            AlarmKinds.ShortHanded,
            $"short-handed/{dispatch.Id:N}/{since.ToUnixTimeTicks()}",
            dispatch.Id,
            $"Only {dispatch.OnSite.Count} ({string.Join(", ", dispatch.OnSite.Select(w => dispatch.NameOf(w) ?? "a worker"))}) of the {dispatch.PlacesNeeded} " +
            $"care workers the plan needs at once {(dispatch.OnSite.Count == 1 ? "is" : "are")} on site {AlarmTexts.About(dispatch.Area, dispatch.Id)}, " +
            $"since {LondonTime.Show(since)}; {Coming(dispatch, "nobody has accepted the other place yet")}. " +
            "A two-person transfer cannot be done safely: find the other worker now."),
        _ => null,
    };

    /// <summary>Who has accepted and is not there yet, in words, or <paramref name="nobody"/>.</summary>
    private static string Coming(StaffDispatch dispatch, string nobody)
    {
        // The worker handing over is not coming back, though they hold the first place until someone takes over.
        var onTheWay = dispatch.HoldingPlaces().Where(w => !dispatch.OnSite.Contains(w) && w != dispatch.Handover?.OutgoingWorkerId)
            .Select(w => dispatch.NameOf(w) ?? "a worker").ToList();
        return onTheWay.Count switch
        {
            0 => nobody,
            1 => $"{onTheWay[0]} has accepted and is on the way",
            _ => $"{string.Join(" and ", onTheWay)} have accepted and are on the way",
        };
    }
}
