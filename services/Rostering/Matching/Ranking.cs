using System.Globalization;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Matching;

/// <summary>
/// What the activation needs: the plan's skills, where the cared-for person is, and the first visit; and how far a
/// worker may travel to it (no limit when null).
/// </summary>
public sealed record ActivationNeeds(
    IReadOnlyList<string> RequiredSkills, double Latitude, double Longitude, Instant VisitFrom, Instant VisitTo, TravelLimits.TravelLimit? Limit = null);

/// <summary>
/// What is known about one care worker at the moment of matching. <paramref name="OnDutyUntil"/>: for a worker not on
/// duty for the whole first visit, when the duty they are on at its start ends (null: not on duty at the start).
/// <paramref name="OpenOfferOn"/>: another activation whose offer is waiting for their reply.
/// </summary>
public sealed record CandidateFacts(
    StaffMember Worker,
    bool OnDutyThroughoutVisit,
    Guid? CommittedTo,
    double HoursWorkedThisWeek,
    string? AlreadyAsked,
    Instant? OnDutyUntil = null,
    Guid? OpenOfferOn = null);

/// <summary><paramref name="OnDutyUntil"/> is set when the worker's duty ends during the first visit: a handover is needed.</summary>
public sealed record RankedCandidate(
    int Rank, Guid WorkerId, string Name, double DistanceKm, double HoursWorkedThisWeek, IReadOnlyList<string> Reasons, Instant? OnDutyUntil = null);

public sealed record ExcludedCandidate(Guid WorkerId, string Name, IReadOnlyList<string> Reasons);

public sealed record Ranking(IReadOnlyList<RankedCandidate> Ranked, IReadOnlyList<ExcludedCandidate> Excluded);

/// <summary>
/// Ranks care workers for an activation: those on duty when the first visit starts, with every required skill (and, for
/// skills that need it, training in date), a DBS check in date, no other commitment and no offer elsewhere awaiting
/// their reply. Workers on duty for the whole first visit come first; after them, workers whose duty ends during it (a
/// 12-hour shift near its hand-off), who will need to hand over. Within each, nearest base first, then who has worked
/// least this week. Every candidate carries the reasons for its place or its exclusion.
/// </summary>
public static class WorkerRanking
{
    /// <summary>Skills that may only be used with training in date (medication, moving and handling, PEG feeding).</summary>
    public static readonly IReadOnlySet<string> NeedTraining = new HashSet<string> { Skills.MedicationAdministration, Skills.MovingAndHandling, Skills.PegFeeding };

    private sealed record Eligible(CandidateFacts Facts, double Km, Instant? HandoverAt)
    {
        public int Tier => HandoverAt is null ? 0 : 1;
    }

    public static Ranking Rank(ActivationNeeds needs, IEnumerable<CandidateFacts> candidates)
    {
        var lastDay = needs.VisitTo.InZone(RotaResolution.London).Date;
        var limitDescribed = needs.Limit?.Described;
        var eligible = new List<Eligible>();
        var excluded = new List<ExcludedCandidate>();
        foreach (var c in candidates.Where(c => c.Worker.Role == StaffRoles.CareWorker))
        {
            var w = c.Worker;
            var why = new List<string>();
            if (!w.Active)
            {
                why.Add(w.Deactivation is { } off ? $"inactive: {off.Reason}" : "not active");
            }

            var handoverAt = c.OnDutyThroughoutVisit ? null : c.OnDutyUntil;
            if (!c.OnDutyThroughoutVisit && (c.OnDutyUntil is not { } until || until <= needs.VisitFrom || until >= needs.VisitTo))
            {
                why.Add("not on shift or on call when the first visit starts");
            }

            foreach (var skill in needs.RequiredSkills)
            {
                if (!w.Skills.Contains(skill))
                {
                    why.Add($"lacks {skill}");
                }
                else if (NeedTraining.Contains(skill) && !w.TrainedIn(skill, lastDay))
                {
                    why.Add($"{skill} training out of date");
                }
            }

            if (w.DbsCheckExpiresOn is null || w.DbsCheckExpiresOn < lastDay)
            {
                why.Add(w.DbsCheckExpiresOn is null ? "no DBS check recorded" : $"DBS check expired {w.DbsCheckExpiresOn:yyyy-MM-dd}");
            }

            if (c.CommittedTo is { } other)
            {
                why.Add($"committed to activation {other}");
            }

            if (c.OpenOfferOn is { } offeredOn)
            {
                why.Add($"awaiting their reply to an offer for activation {offeredOn}");
            }

            if (c.AlreadyAsked is { } asked)
            {
                why.Add($"already asked for this activation ({asked})");
            }

            var km = w.HomeBase is { } home ? GreatCircle.Kilometres(home.Latitude, home.Longitude, needs.Latitude, needs.Longitude) : (double?)null;
            if (km is null)
            {
                why.Add("no home base recorded");
            }
            else if (needs.Limit is { } limit && km > limit.MaxKm)
            {
                why.Add(string.Create(CultureInfo.InvariantCulture, $"{km:0.0} km from base, beyond {limitDescribed}"));
            }

            if (why.Count > 0)
            {
                excluded.Add(new ExcludedCandidate(w.Id, w.Name, why));
                continue;
            }

            eligible.Add(new Eligible(c, km!.Value, handoverAt));
        }

        var ordered = eligible
            .OrderBy(e => e.Tier)
            .ThenBy(e => Math.Round(e.Km, 1))
            .ThenBy(e => e.Facts.HoursWorkedThisWeek)
            .ThenBy(e => e.Facts.Worker.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Facts.Worker.Id)
            .ToList();
        var ranked = ordered.Select((e, i) => new RankedCandidate(
            i + 1,
            e.Facts.Worker.Id,
            e.Facts.Worker.Name,
            Math.Round(e.Km, 1),
            e.Facts.HoursWorkedThisWeek,
            Reasons(e, i == 0 ? null : ordered[i - 1], needs),
            e.HandoverAt)).ToList();
        return new Ranking(ranked, excluded.OrderBy(e => e.Name, StringComparer.Ordinal).ToList());
    }

    private static List<string> Reasons(Eligible e, Eligible? previous, ActivationNeeds needs)
    {
        var reasons = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{e.Km:0.0} km from base"),
            string.Create(CultureInfo.InvariantCulture, $"{e.Facts.HoursWorkedThisWeek:0.#} h worked this week"),
            e.HandoverAt is { } until ? $"on duty until {Clock(until, needs.VisitFrom)}; handover needed" : "on duty for the whole first visit",
            needs.RequiredSkills.Count == 0 ? "no particular skills required" : $"has {string.Join(", ", needs.RequiredSkills)}",
        };
        if (needs.Limit is { } limit)
        {
            reasons.Insert(1, $"within {limit.Described}");
        }

        if (previous is not null)
        {
            reasons.Add(previous.Tier < e.Tier
                ? $"ranked after {previous.Facts.Worker.Name}, who is on duty for the whole first visit"
                : Math.Round(previous.Km, 1) < Math.Round(e.Km, 1)
                    ? $"ranked after {previous.Facts.Worker.Name}, who is nearer"
                    : $"as near as {previous.Facts.Worker.Name}, who has worked less or equal this week");
        }

        return reasons;
    }

    /// <summary>"20:00" on the day the visit starts (Europe/London), "Wed 02:00" on a later day.</summary>
    private static string Clock(Instant at, Instant visitFrom)
    {
        var local = at.InZone(RotaResolution.London);
        var time = local.TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture);
        return local.Date == visitFrom.InZone(RotaResolution.London).Date ? time : $"{local.Date.ToString("ddd", CultureInfo.InvariantCulture)} {time}";
    }
}
