using Cers.Dispatch.Rostering.Alerts.Finding;
using NodaTime;

namespace Cers.Dispatch.Rostering.Alerts.Checking;

/// <summary>The events for one alert's stream; <paramref name="IsNew"/> when the stream starts with them.</summary>
public sealed record AlertChanges(Guid AlertId, bool IsNew, IReadOnlyList<object> Events);

public sealed record AlertCheckDecision(IReadOnlyList<AlertChanges> Changes, IReadOnlyList<AlertFinding> ToText, int Raised, int Resolved);

/// <summary>
/// One check, decided: a new problem is raised and texted; one already open is texted again only once the re-alert interval
/// has passed (or its last text failed); an open alert whose problem is no longer found resolves.
/// </summary>
public static class AlertDecider
{
    public const string NobodyToText = "nobody is on call as duty manager and no Paging:Fallback is configured";

    public static AlertCheckDecision Decide(
        IReadOnlyList<AlertFinding> findings,
        IReadOnlyDictionary<Guid, Alert> known,
        Func<Alert, string> whyResolved,
        IReadOnlyList<AlertRecipient> recipients,
        Duration realert,
        Instant now)
    {
        var changes = new List<AlertChanges>();
        var toText = new List<AlertFinding>();
        var raised = 0;
        var found = findings.DistinctBy(f => f.AlertId).ToList();
        foreach (var f in found)
        {
            var alert = known.GetValueOrDefault(f.AlertId);
            var events = new List<object>();
            if (alert is not { Open: true })
            {
                events.Add(new AlertRaised(f.AlertId, f.Kind, f.Key, f.Summary, f.StaffId, f.RotationId, f.GapFrom, f.GapTo, f.ExpiresOn, now));
                raised++;
            }

            if (alert is not { Open: true } || alert.DueForText(now, realert))
            {
                if (recipients.Count == 0)
                {
                    events.Add(new AlertNotificationFailed(f.AlertId, NobodyToText, now));
                }
                else
                {
                    events.Add(new AlertNotified(f.AlertId, f.Summary, recipients, now));
                    toText.Add(f);
                }
            }

            if (events.Count > 0)
            {
                changes.Add(new AlertChanges(f.AlertId, alert is null, events));
            }
        }

        var stillFound = found.Select(f => f.AlertId).ToHashSet();
        var resolved = known.Values.Where(a => a.Open && !stillFound.Contains(a.Id)).OrderBy(a => a.RaisedAt).ToList();
        changes.AddRange(resolved.Select(a => new AlertChanges(a.Id, false, [new AlertResolved(a.Id, whyResolved(a), now)])));
        return new AlertCheckDecision(changes, toText, raised, resolved.Count);
    }
}
