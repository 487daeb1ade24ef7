using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Alarms.Raising;

/// <summary>What to raise: <paramref name="Key"/> names the thing itself, so raising it again changes nothing.</summary>
public sealed record RaiseAlarm(
    string Kind,
    string Key,
    Guid? ActivationId,
    string Summary,
    PagingAudience Audience = PagingAudience.Coordinators,
    IReadOnlyList<PagedPerson>? Named = null);

/// <summary>
/// Raises alarms and stands them down, inside the caller's session: the alarm, its code and its first paging step are
/// stored with the decision that raised it, and the paging itself runs as owed work from there.
/// </summary>
public sealed class AlarmRaiser(WorkQueue queue)
{
    public static Guid IdFor(string key) => DeterministicGuid.From($"rostering/alarm/{key}");

    /// <summary>Raises the alarm unless it was raised before; true when it is new.</summary>
    public async Task<bool> RaiseAsync(IDocumentSession session, RaiseAlarm raise, Instant now, CancellationToken cancellationToken)
    {
        var id = IdFor(raise.Key);
        if (await session.Events.FetchStreamStateAsync(id, cancellationToken) is not null)
        {
            return false;
        }

        var code = await FreeCodeAsync(session, cancellationToken);
        session.Events.StartStream<Alarm>(id, new AlarmRaised(id, raise.Kind, raise.Key, code, raise.ActivationId, raise.Summary, raise.Audience, raise.Named ?? [], now));
        session.Insert(new AlarmCode(code, id));
        PagingAlarms.ScheduleStep(queue, session, id, 0, now, now);
        return true;
    }

    /// <summary>Whether an alarm of this kind about the activation is still waiting for someone to answer.</summary>
    public static Task<bool> IsOpenAsync(IQuerySession session, Guid activationId, string kind, CancellationToken cancellationToken) =>
        session.Query<Alarm>().AnyAsync(a => a.ActivationId == activationId && a.Kind == kind && a.State == AlarmState.Open, cancellationToken);

    /// <summary>Stands down the unanswered alarms about an activation (of the given kinds, or all) because what they were about resolved.</summary>
    public static async Task StandDownAsync(IDocumentSession session, Guid activationId, IReadOnlyCollection<string>? kinds, string why, Instant now, CancellationToken cancellationToken)
    {
        var open = await session.Query<Alarm>().Where(a => a.ActivationId == activationId && a.State == AlarmState.Open).ToListAsync(cancellationToken);
        foreach (var alarm in open.Where(a => kinds is null || kinds.Contains(a.Kind)))
        {
            session.Events.Append(alarm.Id, AlarmDecider.StandDown(alarm, why, now).ToArray());
            session.Delete<AlarmCode>(alarm.Code);
        }
    }

    /// <summary>Stands down the alarm raised under this key, if it is still waiting for someone, because what it was about resolved.</summary>
    public static async Task StandDownAsync(IDocumentSession session, string key, string why, Instant now, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Alarm>(IdFor(key), cancellationToken) is { State: AlarmState.Open } alarm)
        {
            session.Events.Append(alarm.Id, AlarmDecider.StandDown(alarm, why, now).ToArray());
            session.Delete<AlarmCode>(alarm.Code);
        }
    }

    private static async Task<string> FreeCodeAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        while (true)
        {
            var code = OfferCodes.New();
            if (await session.LoadAsync<AlarmCode>(code, cancellationToken) is null)
            {
                return code;
            }
        }
    }
}
