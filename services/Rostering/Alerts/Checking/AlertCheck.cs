using Cers.Dispatch.Rostering.Alerts.Finding;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using JasperFx;
using JasperFx.Events;
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
public sealed class AlertCheck(IDocumentStore store, WorkQueue queue, IClock clock, IOptions<AlertOptions> options)
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
            var recipients = Recipients(board, now, o);
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

            var textedTo = Text(session, decision.ToText, recipients, now);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
            }
            catch (Exception e) when (e is ConcurrencyException or EventStreamUnexpectedMaxEventIdException or Marten.Exceptions.ExistingStreamIdCollisionException
                or JasperFx.Events.ExistingStreamIdCollisionException && attempt < ConflictRetries)
            {
                continue;
            }

            await using var query = store.QuerySession();
            var stillOpen = await query.Query<Alert>().Where(a => a.Open).OrderBy(a => a.RaisedAt).ToListAsync(cancellationToken);
            return new AlertCheckResult(now, trigger, decision.Raised, decision.Resolved, textedTo.Count == 0 ? 0 : decision.ToText.Count, textedTo, stillOpen);
        }
    }

    /// <summary>Whoever is on call as duty manager at this instant; the configured fallback when nobody is.</summary>
    public static IReadOnlyList<AlertRecipient> Recipients(RotaBoard board, Instant now, AlertOptions options)
    {
        var onCall = board.OnAt(now, StaffRoles.DutyManager).Select(x => new AlertRecipient(x.Member.Name, x.Member.Phone, StaffRoles.DutyManager)).ToList();
        if (onCall.Count > 0 || string.IsNullOrWhiteSpace(options.Fallback.Phone))
        {
            return onCall;
        }

        return [new AlertRecipient(options.Fallback.Name ?? "Fallback duty manager", StaffPhoneNumbers.ToE164(options.Fallback.Phone) ?? options.Fallback.Phone, "fallback")];
    }

    /// <summary>One SMS to each recipient for everything due, owed in the check's own transaction.</summary>
    private IReadOnlyList<AlertRecipient> Text(IDocumentSession session, IReadOnlyList<AlertFinding> due, IReadOnlyList<AlertRecipient> recipients, Instant now)
    {
        if (due.Count == 0)
        {
            return [];
        }

        var text = AlertTexts.Digest(due);
        foreach (var recipient in recipients)
        {
            queue.Send(session, DeterministicGuid.From($"rostering/alerts/{now}/{recipient.Phone}"), AlertSchedule.StreamId,
                new OutgoingMessage(MessageChannel.Sms, recipient.Phone, text, "rota-alerts", AlertSchedule.StreamId), now);
        }

        return recipients;
    }
}
