using System.Security.Claims;
using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.Console.Supervision;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.HandoverPacks;

/// <summary>
/// The handover pack of one activation for coordinators and supervisors: laid out to print, downloaded as a PDF, and
/// its sending recorded on the activation's timeline in crisis intake (the console sends nothing itself).
/// </summary>
public static class HandoverPackPage
{
    public static readonly (string Value, string Label)[] Recipients =
        [("AdultSocialCare", "adult social care"), ("ChildrensSocialCare", "children's social care"), ("Family", "the family")];

    public static readonly (string Value, string Label)[] Deliveries =
        [("SecureEmail", "by secure email"), ("HandedOver", "handed over in person"), ("Post", "by post")];

    public static async Task<IResult> Show(Guid id, string? done, ClaimsPrincipal user, ConsoleBackends services, IClock clock, CancellationToken ct)
    {
        var (pack, refusal) = await BuildAsync(id, services, ct);
        return pack is null ? AuditPage.Refused(id, refusal) : Render(pack, user, clock, done == "sent" ? "Sending recorded on the activation's timeline." : null);
    }

    public static async Task<IResult> Pdf(Guid id, ClaimsPrincipal user, ConsoleBackends services, IClock clock, CancellationToken ct)
    {
        var (pack, refusal) = await BuildAsync(id, services, ct);
        return pack is null
            ? AuditPage.Refused(id, refusal)
            : Results.File(PackPdf.Render(pack, clock.GetCurrentInstant(), user.Identity?.Name ?? "unknown"), "application/pdf", $"handover-pack-{id}.pdf");
    }

    /// <summary>Records that the pack went to social care or the family, with how and to whom; nothing is emailed from here.</summary>
    public static async Task<IResult> Send(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, IClock clock, CancellationToken ct)
    {
        var answer = await services.Intake.PostAsync($"/activations/{id}/handover-pack/sendings", new
        {
            to = form["to"].ToString(),
            recipientName = form["recipientName"].ToString(),
            how = form["how"].ToString(),
            sentBy = CoordinatorActions.Who(http),
        }, ct);
        if (answer.Ok)
        {
            return Results.Redirect($"/activations/{id}/handover-pack?done=sent");
        }

        var (pack, refusal) = await BuildAsync(id, services, ct);
        return pack is null ? AuditPage.Refused(id, refusal) : Render(pack, http.User, clock, null, Refusal.Of("send", form, answer));
    }

    private static IResult Render(HandoverPack pack, ClaimsPrincipal user, IClock clock, string? notice, Refusal? refused = null) =>
        Pages.Render<HandoverPackView>(
            new { Pack = pack, GeneratedAt = clock.GetCurrentInstant(), GeneratedBy = user.Identity?.Name ?? "unknown", NoticeWords = notice, Refused = refused },
            refused?.Status ?? StatusCodes.Status200OK);

    /// <summary>The activation's timeline as the audit trail reads it, and the plan in force when the activation opened.</summary>
    private static async Task<(HandoverPack? Pack, ServiceAnswer? Refusal)> BuildAsync(Guid id, ConsoleBackends services, CancellationToken ct)
    {
        var (trail, refusal) = await AuditTrail.LoadAsync(services.Intake, id, null, ct);
        if (trail is null)
        {
            return (null, refusal);
        }

        var (plan, planWords) = await PlanAsItStoodAsync(trail.Activation, services.Cards, ct);
        return (HandoverPack.From(trail, plan, planWords), null);
    }

    private static async Task<(Plans.PlanShown? Plan, string Words)> PlanAsItStoodAsync(ActivationShown activation, CardLookupClient cards, CancellationToken ct)
    {
        if (activation.CarerId is not { } carerId)
        {
            return (null, "The carer was not identified, so no emergency plan is included.");
        }

        // The version recorded before the activation opened, each read by the same clock; asked for again by when card lookup stored it.
        var versions = await cards.GetAsync($"/carers/{carerId}/plan/versions", ct);
        if (!versions.Ok && versions.Status != StatusCodes.Status404NotFound)
        {
            return (null, Unreadable(versions));
        }

        var inForce = (versions.Ok ? versions.As<List<Plans.PlanVersionShown>>() : null)?
            .Where(v => v.RecordedAt <= activation.OpenedAt).MaxBy(v => v.Version);
        if (inForce is null)
        {
            return (null, "No emergency plan had been recorded when the activation opened.");
        }

        var answer = await cards.GetAsync($"/carers/{carerId}/plan?asOf={Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(inForce.StoredAt))}", ct);
        return answer.Ok && answer.As<Plans.PlanShown>() is { } plan
            ? (plan, $"Version {plan.Version}, recorded {LondonTime.Show(plan.RecordedAt)}: the plan in force when the activation opened")
            : (null, Unreadable(answer));
    }

    private static string Unreadable(ServiceAnswer answer) =>
        $"The emergency plan could not be read just now, so it is not included: {answer.Problem ?? "card lookup did not answer."}";
}
