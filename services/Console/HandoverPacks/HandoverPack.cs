using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Plans;
using Cers.Dispatch.Console.Supervision;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Console.HandoverPacks;

/// <summary>A care worker's time on site: from arriving to leaving (or still there when the pack was built).</summary>
public sealed record CoverSpell(string Worker, Instant? Arrived, Instant? Left);

/// <summary>A supervisor's sign-off or query of a handover, with their comment.</summary>
public sealed record HandoverReview(Instant? At, string By, bool SignedOff, string? Comment);

/// <summary>One handover between workers: who handed over to whom, their notes as written, and the supervisors' review.</summary>
public sealed record PackHandover(Instant? At, string From, string? To, string Notes, IReadOnlyList<HandoverReview> Reviews)
{
    public bool SignedOff => Reviews.Any(r => r.SignedOff);
}

/// <summary>A safeguarding concern as raised, with the referral route that applied.</summary>
public sealed record PackConcern(Instant? At, string RaisedBy, string About, string Kind, string Account, bool ImmediateDanger, string ReferTo);

/// <summary>Something a person wrote or decided on the activation: a coordinator's note, the longer-term arrangement.</summary>
public sealed record PackEntry(Instant? At, string By, string Text);

/// <summary>One dose of the plan's medication schedule, with whom it is for.</summary>
public sealed record ScheduledMedicine(string For, string Name, string Dose, string Times, string Route, string WhoMayGive);

/// <summary>
/// The handover pack for adult or children's social care and the family: built from the activation's timeline (the
/// audit trail's own reading of it, sealed fields already opened or marked erased) and the emergency plan in force when
/// the activation opened. Nothing is retyped and nothing is stored: each opening builds it again from the events.
/// </summary>
public sealed partial record HandoverPack(
    AuditTrail Trail,
    IReadOnlyList<CoverSpell> Cover,
    IReadOnlyList<PackHandover> Handovers,
    IReadOnlyList<PackConcern> Concerns,
    IReadOnlyList<PackEntry> Notes,
    IReadOnlyList<PackEntry> LongerTermCare,
    IReadOnlyList<PackEntry> Sendings,
    PlanShown? Plan,
    string PlanWords)
{
    /// <summary>Said in the pack's medication section: the service keeps no record of doses given apart from what workers write.</summary>
    public const string NoMedicationRecord =
        "The service keeps no separate record of medication given. What was given is as the care workers recorded it in their handover notes, listed here beside the plan's medication schedule.";

    public Guid ActivationId => Trail.Id;

    public IReadOnlyList<ScheduledMedicine> MedicationSchedule => Plan is { } plan
        ? (plan.Medication ?? []).Select(m => new ScheduledMedicine(
            (plan.People ?? []).FirstOrDefault(p => p.PersonId == m.PersonId) is { } person ? $"{person.FirstName} {person.LastName}" : "",
            m.Name, m.Dose, string.Join(", ", (m.Times ?? []).Select(t => t.ToString("HH:mm", null))), m.Route, m.WhoMayGive)).ToList()
        : [];

    /// <summary>The pack from the activation's steps and the plan as it stood (or why the plan could not be read).</summary>
    public static HandoverPack From(AuditTrail trail, PlanShown? plan, string planWords)
    {
        var cover = new List<CoverSpell>();
        var handovers = new List<PackHandover>();
        var concerns = new List<PackConcern>();
        var notes = new List<PackEntry>();
        var longerTerm = new List<PackEntry>();
        var sendings = new List<PackEntry>();
        foreach (var step in trail.Steps)
        {
            var data = step.Data ?? default;
            switch (step.Event, data.Text("step"))
            {
                case ("service_reported", "worker-arrived"):
                    cover.Add(new CoverSpell(Worker(data), step.At, null));
                    break;
                case ("service_reported", "worker-left"):
                    var worker = Worker(data);
                    var index = cover.FindLastIndex(s => s.Worker == worker && s.Left is null);
                    if (index >= 0)
                    {
                        cover[index] = cover[index] with { Left = step.At };
                    }
                    else
                    {
                        cover.Add(new CoverSpell(worker, null, step.At));
                    }

                    break;
                case ("service_reported", "handover-recorded"):
                    handovers.Add(new PackHandover(step.At, Worker(data), IncomingWorker(data.Text("summary")), data.Text("details") ?? "", []));
                    break;
                case ("service_reported", "handover-signed-off" or "handover-queried") when handovers.Count > 0:
                    var review = new HandoverReview(step.At, data.Text("doneBy") ?? "", data.Text("step") == "handover-signed-off", data.Text("details"));
                    handovers[^1] = handovers[^1] with { Reviews = [.. handovers[^1].Reviews, review] };
                    break;
                case ("safeguarding_concern_raised", _):
                    concerns.Add(Concern(step.At, data));
                    break;
                case ("note_recorded", _):
                    notes.Add(new PackEntry(step.At, data.Text("by") ?? "", data.Text("text") ?? ""));
                    break;
                case ("longer_term_care_arranged", _):
                    longerTerm.Add(new PackEntry(step.At, data.Text("arrangedBy") ?? "", $"{Wording.Words(data.Text("arrangement"))}: {data.Text("details")}"));
                    break;
                case ("handover_pack_sent", _):
                    sendings.Add(new PackEntry(step.At, data.Text("sentBy") ?? "", step.Summary));
                    break;
            }
        }

        return new HandoverPack(trail, cover, handovers, concerns, notes, longerTerm, sendings, plan, planWords);
    }

    private static string Worker(JsonElement data) => data.Text("doneBy") ?? "A care worker";

    /// <summary>Rostering names the incoming worker only in the step's words: "Asha Day handed over to Ben Night: …".</summary>
    private static string? IncomingWorker(string? summary) =>
        summary is not null && HandedOverTo().Match(summary) is { Success: true } m ? m.Groups[1].Value : null;

    private static PackConcern Concern(Instant? at, JsonElement data)
    {
        var route = data.TryGetProperty("referralRoute", out var r) ? $"{r.Text("name")} {r.Text("phone")}".Trim() : "";
        var role = data.Text("raisedByRole");
        return new PackConcern(
            at,
            data.Text("raisedBy") + (role is null ? "" : $" ({PlainWords.Of(role)})"),
            data.Text("subject") == "Child" ? "a child" : "an adult",
            PlainWords.Of(data.Text("category")),
            data.Text("account") ?? "",
            data.TryGetProperty("immediateDanger", out var danger) && danger.ValueKind == JsonValueKind.True,
            route);
    }

    [GeneratedRegex(@" handed over to (.+?): ")]
    private static partial Regex HandedOverTo();
}
