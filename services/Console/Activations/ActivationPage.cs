using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;

namespace Cers.Dispatch.Console.Activations;

/// <summary>
/// One activation as the coordinator works it: what happened, who is cared for and what they need, which worker to
/// send, and the decisions to record. Everything comes from the services, asked on the coordinator's behalf.
/// </summary>
public static class ActivationPage
{
    /// <summary>What the page says after a decision went through (a fixed list, so nothing from the address is echoed).</summary>
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["opened"] = "Activation opened.",
        ["identified"] = "Carer identified: finding staff for their plan starts now.",
        ["attached"] = "This carer already had an open activation: the report was added to it, and nothing was dispatched twice.",
        ["note"] = "Note recorded.",
        ["offered"] = "Offer sent to the worker you chose.",
        ["longer-term-care"] = "Longer-term care recorded: the cover limit will no longer escalate.",
        ["extended"] = "Cover extended: the cover limit's warnings and escalation move to the new limit.",
        ["cover-ended"] = "Cover ended early: the cover limit will no longer escalate.",
        ["closed"] = "Activation closed.",
    };

    public static Task<IResult> Handle(Guid id, string? asOf, string? done, HttpContext http, ConsoleBackends services, CancellationToken ct) =>
        RenderAsync(id, asOf, http, services, ct, notice: done is not null && Done.TryGetValue(done, out var words) ? words : null);

    /// <summary>
    /// The page, optionally with a refusal from a service over the form that was refused, with what was typed kept.
    /// </summary>
    public static async Task<IResult> RenderAsync(
        Guid id, string? asOf, HttpContext http, ConsoleBackends services, CancellationToken ct, string? notice = null, Refusal? refusal = null)
    {
        _ = http;
        var (intake, rostering, cards) = (services.Intake, services.Rostering, services.Cards);
        var activationCall = intake.GetAsync($"/activations/{id}", ct);
        var timelineCall = intake.GetAsync(TimelinePath(id, asOf), ct);
        var dispatchCall = rostering.GetAsync($"/dispatches/{id}", ct);
        var candidatesCall = rostering.GetAsync($"/dispatches/{id}/candidates", ct);
        var activationAnswer = await activationCall;
        if (!activationAnswer.Ok || activationAnswer.As<ActivationShown>() is not { } activation)
        {
            return activationAnswer.Status == StatusCodes.Status404NotFound
                ? Pages.Render<MessagePage>(new { Title = "Not found", Heading = $"No activation {id}" }, StatusCodes.Status404NotFound)
                : Pages.Render<MessagePage>(new { Title = "Activation", Heading = "Activation", Words = activationAnswer.Problem }, StatusCodes.Status502BadGateway);
        }

        var carerCall = activation.CarerId is { } carerId ? cards.GetAsync($"/carers/{carerId}", ct) : null;
        var planCall = activation.CarerId is { } planOf ? cards.GetAsync($"/carers/{planOf}/plan", ct) : null;
        var carer = carerCall is null ? null : await carerCall;
        var plan = planCall is null ? null : await planCall;
        var dispatch = await dispatchCall;
        var candidates = await candidatesCall;
        var timeline = await timelineCall;
        var data = new ActivationPageData(
            activation,
            carer is { Ok: true } ? carer.As<CarerShown>() : null,
            carer?.Problem,
            plan is { Ok: true } ? plan.As<PlanShown>() : null,
            plan?.Problem,
            dispatch.Ok ? dispatch.As<DispatchShown>() : null,
            dispatch.Status == StatusCodes.Status404NotFound,
            dispatch.Problem,
            candidates.Ok ? candidates.As<CandidatesShown>() : null,
            candidates.Problem,
            timeline.Ok ? timeline.As<List<TimelineEntryShown>>() : null,
            timeline.Problem);
        return Pages.Render<ActivationView>(
            new { Data = data, AsOf = asOf, NoticeWords = notice, Refused = refusal },
            refusal?.Status ?? StatusCodes.Status200OK);
    }

    public static string Channel(string? channel) => channel switch
    {
        "Phone" => "by phone",
        "PartnerApi" => "by a partner agency",
        "Console" => "by a coordinator",
        "PlannedCover" => "as planned cover",
        _ => channel ?? "",
    };

    public static string DispatchStatus(DispatchShown dispatch) => dispatch.Status switch
    {
        "FindingStaff" => "finding staff",
        "AwaitingCarerIdentification" => "waiting for the carer to be identified",
        "Offered" => "offer out",
        "WorkerOnTheWay" => "worker on the way",
        "CoverInProgress" => "cover in progress",
        "Escalated" => $"escalated (level {dispatch.EscalationLevel})",
        var other => other ?? "unknown",
    };

    public static readonly (string Value, string Label)[] SafeguardingCategories =
    [
        ("Neglect", "neglect"), ("SelfNeglect", "self-neglect"), ("Physical", "physical"), ("Emotional", "emotional"),
        ("Financial", "financial"), ("Sexual", "sexual"), ("DomesticAbuse", "domestic abuse"), ("Discriminatory", "discriminatory"),
        ("ModernSlavery", "modern slavery"), ("Organisational", "organisational"), ("Other", "other"),
    ];

    public static readonly (string Value, string Label)[] Arrangements =
    [
        ("Family", "family"), ("Friends", "friends"), ("SocialServices", "social services"), ("CarePackage", "a care package"), ("Other", "other"),
    ];

    public static readonly (string Value, string Label)[] Outcomes =
    [
        ("LongerTermCareInPlace", "longer-term care in place"), ("CarerAbleToCareAgain", "the carer can care again"),
        ("CaredForPersonAdmitted", "the cared-for person was admitted"), ("NoCoverNeeded", "no cover needed"), ("Other", "other"),
    ];

    private static string TimelinePath(Guid id, string? asOf) =>
        asOf is null ? $"/activations/{id}/timeline" : $"/activations/{id}/timeline?asOf={Uri.EscapeDataString(asOf)}";
}

/// <summary>A decision a service refused: which form, what was typed (to show again), and the service's words.</summary>
public sealed record Refusal(string Form, IReadOnlyDictionary<string, string> Values, string? Problem, int Status)
{
    public static Refusal Of(string form, IFormCollection posted, ServiceAnswer answer) => new(
        form,
        posted.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal)).ToDictionary(k => k, k => posted[k].ToString()),
        answer.Problem,
        answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status);
}
