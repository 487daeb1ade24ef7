using Cers.Dispatch.Rostering.Alerts.Finding;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.ServiceDefaults.Phones;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Alerts.Checking;

public sealed record AlertCheckResult(Instant CheckedAt, string Trigger, int Raised, int Resolved, int Texted, IReadOnlyList<AlertRecipient> TextedTo, IReadOnlyList<Alert> Open);

/// <summary>
/// Runs one check: finds the problems ahead, records what changed, and texts the duty managers on call (or the fallback)
/// one SMS for everything due. Every check appends to the schedule stream, so two checks at once cannot both record and
/// text the same alert: the second is retried and finds the first one's work.
/// </summary>
public sealed class AlertCheck(IDocumentStore store, AlarmRaiser alarms, IClock clock, IOptions<AlertOptions> options, IOptions<PagingOptions> paging)
{
    private const int ConflictRetries = 5;

    /// <param name="firedTimer">The daily timer that fired: the check runs only if it is the one scheduled, then schedules the next.</param>
    /// <summary>One check at a time in this instance: checks side by side only collide on the schedule's stream.</summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public async Task<AlertCheckResult?> RunAsync(string trigger, Guid? firedTimer, CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken);
        try
        {
            return await CheckAsync(trigger, firedTimer, cancellationToken);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    private async Task<AlertCheckResult?> CheckAsync(string trigger, Guid? firedTimer, CancellationToken cancellationToken)
    {
        var o = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CarryTraceContext();
            var now = clock.GetCurrentInstant();
            var schedule = await session.Events.FetchForWriting<AlertSchedule>(AlertSchedule.StreamId, cancellationToken);
            if (firedTimer is { } timer && schedule.Aggregate?.NextTimerId != timer)
            {
                return null;
            }

            var board = await RotaBoard.LoadAsync(session, cancellationToken);
            var lastSms = await LastSms.LoadAsync(session, AlertFindings.RotaMembers(board, now), cancellationToken);
            var findings = AlertFindings.Find(board, lastSms, now, o);
            var open = await session.Query<Alert>().Where(a => a.Open).ToListAsync(cancellationToken);
            var others = findings.Select(f => f.AlertId).Except(open.Select(a => a.Id)).ToArray();
            var earlier = others.Length == 0 ? [] : await session.LoadManyAsync<Alert>(cancellationToken, others);
            var known = open.Concat(earlier).ToDictionary(a => a.Id);
            var recipients = Recipients(board, now, paging.Value);
            var decision = AlertDecider.Decide(findings, known, a => AlertFindings.WhyResolved(a, findings, board, lastSms, now), recipients, o.Realert, now);

            foreach (var change in decision.Changes)
            {
                if (change.IsNew)
                {
                    session.Events.StartStream<Alert>(change.AlertId, change.Events);
                }
                else
                {
                    session.Events.Append(change.AlertId, change.Events);
                }
            }

            schedule.AppendOne(new AlertsChecked(AlertSchedule.StreamId, trigger, decision.Raised, decision.Resolved, decision.ToText.Count, now));
            if (firedTimer is not null)
            {
                schedule.AppendOne(new AlertCheckScheduled(AlertSchedule.StreamId, Guid.CreateVersion7(), o.NextCheckAfter(now), now));
            }

            var textedTo = await PageAsync(session, decision.ToText, recipients, now, cancellationToken);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception e) when ((StreamConflicts.IsStreamMovedOn(e) || StreamConflicts.IsStreamStartedTwice(e)) && attempt < ConflictRetries)
            {
                continue;
            }

            await using var query = store.QuerySession();
            var stillOpen = await query.Query<Alert>().Where(a => a.Open).OrderBy(a => a.RaisedAt).ToListAsync(cancellationToken);
            return new AlertCheckResult(now, trigger, decision.Raised, decision.Resolved, textedTo.Count == 0 ? 0 : decision.ToText.Count, textedTo, stillOpen);
        }
    }

    /// <summary>Whoever is on call as duty manager at this instant, then the paging fallback: the chain the alarm will climb.</summary>
    public static IReadOnlyList<AlertRecipient> Recipients(RotaBoard board, Instant now, PagingOptions paging) =>
        board.OnAt(now, StaffRoles.DutyManager).Select(x => new AlertRecipient(x.Member.Name, x.Member.Phone, StaffRoles.DutyManager))
            .Concat(paging.Fallback.Where(f => !string.IsNullOrWhiteSpace(f.Phone))
                .Select(f => new AlertRecipient(f.Name ?? "Fallback", UkPhoneNumbers.MobileToE164(f.Phone!) ?? f.Phone!, "fallback")))
            .ToList();

    /// <summary>
    /// One alarm for everything due in this check, paging the duty managers until one answers for it: a duty manager woken
    /// by fifteen texts reads none of them.
    /// </summary>
    private async Task<IReadOnlyList<AlertRecipient>> PageAsync(
        IDocumentSession session, IReadOnlyList<AlertFinding> due, IReadOnlyList<AlertRecipient> recipients, Instant now, CancellationToken cancellationToken)
    {
        if (due.Count == 0)
        {
            return [];
        }

        await alarms.RaiseAsync(session, new RaiseAlarm(
            AlarmKinds.RotaProblems, $"rota-problems/{now.ToUnixTimeTicks()}", null, AlertTexts.Digest(due), PagingAudience.DutyManagers), now, cancellationToken);
        return recipients;
    }
}
