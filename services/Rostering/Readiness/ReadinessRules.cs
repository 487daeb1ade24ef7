using System.Globalization;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Rostering.Readiness;

/// <summary>
/// Whether a card can be served, and from when it cannot: pure, from the card's facts and the rota's coverage. Each
/// problem starts at an instant (a review date's end, a confirmation's expiry, a week before an uncovered hour), so the
/// card turns red when that instant passes without being assessed again.
/// </summary>
public static class ReadinessRules
{
    public static class Kinds
    {
        public const string NoPlan = "no-plan";
        public const string ReviewOverdue = "review-overdue";
        public const string NoConsent = "no-consent";
        public const string ConsentLapsed = "consent-lapsed";
        public const string NoEmergencyContacts = "no-emergency-contacts";
        public const string ContactsUnconfirmed = "contacts-unconfirmed";
        public const string NoKeyAccess = "no-key-access";
        public const string NoQualifiedWorker = "no-qualified-worker";
    }

    public static CardReadiness Assess(CardReadiness card, RotaCoverage coverage, ReadinessOptions options, Instant now)
    {
        if (!card.Active)
        {
            return card with { Problems = [], RedFromTicks = null, NextChangeTicks = null, AssessedAt = now, AlertOwed = false, AlertedKinds = [] };
        }

        var problems = new List<ReadinessProblem>();
        var ahead = Duration.FromDays(options.CoverDaysAhead);
        var recheckAt = coverage.Until - ahead;
        if (card.PlanVersion is null)
        {
            problems.Add(new(Kinds.NoPlan, card.TrackedSince, "No emergency plan is recorded.", "Complete the assessment and record the emergency plan."));
        }
        else
        {
            problems.AddRange(PlanProblems(card, options));
            if (coverage.FirstGap(card.RequiredSkills, card.Latitude, card.Longitude, card.Area, card.WorkersNeeded) is { } gap)
            {
                problems.Add(GapProblem(card, gap, ahead));
                recheckAt = Instant.Min(recheckAt, gap.To);
            }
        }

        problems.AddRange(ConsentProblems(card, options));
        var redKinds = problems.Where(p => p.From <= now).Select(p => p.Kind).Distinct().ToList();
        var lastNotRed = redKinds.Count == 0 ? now : card.LastNotRedAt;
        // A card red since rostering first heard of it is the register team's for a while; one that turns red is paged at once.
        var pageFrom = lastNotRed is null ? card.TrackedSince + Duration.FromHours(options.NewCardGraceHours) : now;
        var nextChange = problems.Where(p => p.From > now).Select(p => p.From).Append(recheckAt)
            .Concat(redKinds.Count > 0 && pageFrom > now ? [pageFrom] : []).Min();
        return card with
        {
            Problems = problems.OrderBy(p => p.From).ThenBy(p => p.Kind, StringComparer.Ordinal).ToList(),
            RedFromTicks = problems.Count == 0 ? null : problems.Min(p => p.From).ToUnixTimeTicks(),
            NextChangeTicks = nextChange.ToUnixTimeTicks(),
            AssessedAt = now,
            AlertedKinds = redKinds.Count == 0 ? [] : card.AlertedKinds,
            AlertOwed = pageFrom <= now && redKinds.Except(card.AlertedKinds).Any(),
            LastNotRedAt = lastNotRed,
        };
    }

    private static IEnumerable<ReadinessProblem> PlanProblems(CardReadiness card, ReadinessOptions options)
    {
        var since = card.TrackedSince;
        if (card.ReviewDate is not { } review)
        {
            yield return new(Kinds.ReviewOverdue, since, "The plan's review date is not known here.", "Record the plan again so its review date is sent with it.");
        }
        else
        {
            yield return new(Kinds.ReviewOverdue, RotaResolution.InLondon(review.PlusDays(1).AtMidnight()),
                $"The plan was due for review on {LondonTime.Show(review)}.", "Review the plan with the carer and record the new version.");
        }

        if (card.EmergencyContacts is 0)
        {
            yield return new(Kinds.NoEmergencyContacts, since, "The plan has no emergency contacts.", "Add at least one emergency contact to the plan.");
        }
        else if (card.ContactsConfirmedAt is not { } confirmed)
        {
            yield return new(Kinds.ContactsUnconfirmed, since, "Nobody has confirmed the emergency contacts' numbers for this version of the plan.",
                "Phone each emergency contact and record the confirmation on the carer's page.");
        }
        else
        {
            yield return new(Kinds.ContactsUnconfirmed, confirmed + Duration.FromDays(options.ContactsConfirmedWithinDays),
                $"The emergency contacts' numbers were last confirmed on {LondonTime.Show(confirmed)}.",
                "Phone each emergency contact and record the confirmation on the carer's page.");
        }

        if (card.KeyAccessOnFile is not true)
        {
            yield return new(Kinds.NoKeyAccess, since, "No key safe with its code, and no contact holding a key, is on file.",
                "Record the key safe and its code, or a contact who holds a key, in the plan.");
        }
    }

    private static IEnumerable<ReadinessProblem> ConsentProblems(CardReadiness card, ReadinessOptions options)
    {
        const string fix = "Ask the carer and record their answer on the carer's page.";
        if (card.ConsentToSharePlan is null || card.ConsentRecordedAt is not { } recorded)
        {
            yield return new(Kinds.NoConsent, card.TrackedSince, "No consent to share the plan is on record.", fix);
        }
        else if (card.ConsentToSharePlan is false)
        {
            yield return new(Kinds.NoConsent, recorded, "The carer has not consented to share the plan with the staff who cover.", fix);
        }
        else
        {
            yield return new(Kinds.ConsentLapsed, recorded + Duration.FromDays(options.ConsentConfirmedWithinDays),
                $"Consent to share the plan was last confirmed on {LondonTime.Show(recorded)}.", fix);
        }
    }

    private static ReadinessProblem GapProblem(CardReadiness card, CoverGap gap, Duration ahead)
    {
        var area = card.Area ?? "the carer's area";
        var skills = card.RequiredSkills.Count == 0 ? "" : $" with {string.Join(", ", card.RequiredSkills.Select(s => s.Replace('-', ' ')))}";
        var two = card.WorkersNeeded > 1;
        var who = two ? $"Fewer than {Count(card.WorkersNeeded)} care workers{skills}" : card.RequiredSkills.Count == 0 ? "No care worker" : $"Nobody{skills}";
        var what = gap.TooFewWithinReach
            ? two
                ? $"Fewer than {Count(card.WorkersNeeded)} active care workers are based within reach of {area}, and the plan needs {Count(card.WorkersNeeded)} at once."
                : $"No active care worker is based within reach of {area}."
            : string.Create(CultureInfo.InvariantCulture, $"{who} within reach of {area} {(two ? "are" : "is")} on the rota from {LondonTime.Show(gap.From)} to {LondonTime.Show(gap.To)}.");
        var fix = gap.TooFewWithinReach
            ? $"Recruit or base {(two ? "more care workers" : "a care worker")} near {area}, or widen the area's travel limit."
            : $"Put {(two ? "enough qualified workers" : "a qualified worker")} near {area} on the rota for those hours, renew their training or DBS check, or widen the area's travel limit.";
        return new(Kinds.NoQualifiedWorker, gap.From - ahead, what, fix);
    }

    private static string Count(int workers) => workers == 2 ? "two" : workers.ToString(CultureInfo.InvariantCulture);
}
