using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Plans;

/// <summary>Two versions of the plan side by side: what changed from one to the other.</summary>
public sealed record PlanComparisonShown(int From, int To, IReadOnlyList<PlanChange>? Changes, string? Problem);

/// <summary>
/// A carer's emergency plan in plain words, every version of it and what changed between any two, and (for
/// administrators) the form that records a new version: card lookup stores the whole plan each time.
/// </summary>
public static class EmergencyPlanPage
{
    public static Task<IResult> Show(Guid carerId, int? from, int? to, string? done, int? version, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        RenderAsync(carerId, http, cards, clock, ct, from, to, notice: done == "recorded" ? $"Version {version} of the plan recorded; lookups and door details show it from now on." : null);

    public static async Task<IResult> Record(Guid carerId, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct)
    {
        var typed = PlanForm.Posted(form);
        var (body, rows) = typed.ToRequest(CoordinatorActions.Who(http));
        var answer = await cards.PutAsync($"/carers/{carerId}/plan", body, ct);
        return answer.Ok
            ? Results.Redirect($"/register/carers/{carerId}/plan?done=recorded&version={answer.Body?.Text("version")}")
            : await RenderAsync(carerId, http, cards, clock, ct, typed: typed, refused: (answer, rows));
    }

    private static async Task<IResult> RenderAsync(
        Guid carerId, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct, int? from = null, int? to = null, string? notice = null,
        PlanForm? typed = null, (ServiceAnswer Answer, SentRows Rows)? refused = null)
    {
        var carerAnswer = await cards.GetAsync($"/carers/{carerId}", ct);
        if ((carerAnswer.Ok ? carerAnswer.As<CarerShown>() : null) is not { } carer)
        {
            return Pages.Render<EmergencyPlanView>(
                new { CarerId = carerId, Problem = carerAnswer.Status == 404 ? "Card lookup has no such carer." : carerAnswer.Problem },
                carerAnswer.Status == 404 ? StatusCodes.Status404NotFound : StatusCodes.Status502BadGateway);
        }

        var planAnswer = await cards.GetAsync($"/carers/{carerId}/plan", ct);
        var plan = planAnswer.Ok ? planAnswer.As<PlanShown>() : null;
        var versionsAnswer = await cards.GetAsync($"/carers/{carerId}/plan/versions", ct);
        var versions = (versionsAnswer.Ok ? versionsAnswer.As<List<PlanVersionShown>>() : null) ?? [];
        var canEdit = Html.Can(http.User, CersPolicies.Administering) && !carer.Erased;
        var refusal = refused is { } r ? PlanRefusal.Of(r.Answer, r.Rows, carer) : null;
        return Pages.Render<EmergencyPlanView>(
            new
            {
                CarerId = carerId,
                Carer = carer,
                Plan = plan,
                PlanProblem = plan is null && planAnswer.Status != 404 ? planAnswer.Problem : null,
                Versions = versions,
                Comparison = await CompareAsync(carerId, plan, versions, from, to, cards, ct),
                Notice = notice,
                Form = canEdit ? typed ?? (plan is { Erased: false } ? PlanForm.From(plan, carer) : PlanForm.Blank(carer)) : null,
                Refused = refusal,
                MayExport = Html.Can(http.User, CersPolicies.DataProtection),
                Tomorrow = clock.GetCurrentInstant().InZone(LondonTime.London).Date.PlusDays(1),
            },
            refusal?.Status ?? StatusCodes.Status200OK);
    }

    /// <summary>The two versions asked for, or else the latest against the one before it.</summary>
    private static async Task<PlanComparisonShown?> CompareAsync(
        Guid carerId, PlanShown? current, List<PlanVersionShown> versions, int? from, int? to, CardLookupClient cards, CancellationToken ct)
    {
        if (versions.Count < 2)
        {
            return null;
        }

        var ordered = versions.OrderBy(v => v.Version).ToList();
        var older = ordered.FirstOrDefault(v => v.Version == from) ?? ordered[^2];
        var newer = ordered.FirstOrDefault(v => v.Version == to) ?? ordered[^1];
        if (older.Version == newer.Version)
        {
            return new PlanComparisonShown(older.Version, newer.Version, [], null);
        }

        var before = await VersionAsync(carerId, older, current, cards, ct);
        var after = await VersionAsync(carerId, newer, current, cards, ct);
        return before.Plan is null || after.Plan is null
            ? new PlanComparisonShown(older.Version, newer.Version, null, before.Problem ?? after.Problem)
            : new PlanComparisonShown(older.Version, newer.Version, PlanComparison.Between(before.Plan, after.Plan), null);
    }

    private static async Task<(PlanShown? Plan, string? Problem)> VersionAsync(
        Guid carerId, PlanVersionShown version, PlanShown? current, CardLookupClient cards, CancellationToken ct)
    {
        if (current?.Version == version.Version)
        {
            return (current, null);
        }

        var answer = await cards.GetAsync($"/carers/{carerId}/plan?asOf={Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(version.StoredAt))}", ct);
        return (answer.Ok ? answer.As<PlanShown>() : null, answer.Problem);
    }
}
