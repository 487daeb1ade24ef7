using System.Globalization;
using Cers.Dispatch.Rostering.Staff;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Matching;

/// <summary>What the activation needs: the plan's skills, where the cared-for person is, and the first visit.</summary>
public sealed record ActivationNeeds(IReadOnlyList<string> RequiredSkills, double Latitude, double Longitude, Instant VisitFrom, Instant VisitTo);

/// <summary>What is known about one care worker at the moment of matching.</summary>
public sealed record CandidateFacts(StaffMember Worker, bool OnDutyThroughoutVisit, Guid? CommittedTo, double HoursWorkedThisWeek, string? AlreadyAsked);

public sealed record RankedCandidate(int Rank, Guid WorkerId, string Name, double DistanceKm, double HoursWorkedThisWeek, IReadOnlyList<string> Reasons);

public sealed record ExcludedCandidate(Guid WorkerId, string Name, IReadOnlyList<string> Reasons);

public sealed record Ranking(IReadOnlyList<RankedCandidate> Ranked, IReadOnlyList<ExcludedCandidate> Excluded);

/// <summary>
/// Ranks care workers for an activation: only those on duty for the whole first visit, with every required skill (and,
/// for skills that need it, training in date), a DBS check in date and no other commitment; nearest base first, then who
/// has worked least this week. Every candidate carries the reasons for its place or its exclusion.
/// </summary>
public static class WorkerRanking
{
    /// <summary>Skills that may only be used with training in date (medication, moving and handling, PEG feeding).</summary>
    public static readonly IReadOnlySet<string> NeedTraining = new HashSet<string> { Skills.MedicationAdministration, Skills.MovingAndHandling, Skills.PegFeeding };

    public static Ranking Rank(ActivationNeeds needs, IEnumerable<CandidateFacts> candidates)
    {
        var lastDay = needs.VisitTo.InZone(Rotas.Resolution.RotaResolution.London).Date;
        var eligible = new List<(CandidateFacts Facts, double Km)>();
        var excluded = new List<ExcludedCandidate>();
        foreach (var c in candidates.Where(c => c.Worker.Role == StaffRoles.CareWorker))
        {
            var w = c.Worker;
            var why = new List<string>();
            if (!w.Active)
            {
                why.Add("not active");
            }

            if (!c.OnDutyThroughoutVisit)
            {
                why.Add("not on shift or on call for the whole first visit");
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

            if (c.AlreadyAsked is { } asked)
            {
                why.Add($"already asked for this activation ({asked})");
            }

            if (w.HomeBase is null)
            {
                why.Add("no home base recorded");
            }

            if (why.Count > 0)
            {
                excluded.Add(new ExcludedCandidate(w.Id, w.Name, why));
                continue;
            }

            eligible.Add((c, GreatCircle.Kilometres(w.HomeBase!.Latitude, w.HomeBase.Longitude, needs.Latitude, needs.Longitude)));
        }

        var ordered = eligible
            .OrderBy(e => Math.Round(e.Km, 1))
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
            Reasons(e, i == 0 ? default : ordered[i - 1], needs))).ToList();
        return new Ranking(ranked, excluded.OrderBy(e => e.Name, StringComparer.Ordinal).ToList());
    }

    private static List<string> Reasons((CandidateFacts Facts, double Km) e, (CandidateFacts Facts, double Km) previous, ActivationNeeds needs)
    {
        var reasons = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{e.Km:0.0} km from base"),
            string.Create(CultureInfo.InvariantCulture, $"{e.Facts.HoursWorkedThisWeek:0.#} h worked this week"),
            "on duty for the whole first visit",
            needs.RequiredSkills.Count == 0 ? "no particular skills required" : $"has {string.Join(", ", needs.RequiredSkills)}",
        };
        if (previous.Facts is not null)
        {
            reasons.Add(Math.Round(previous.Km, 1) < Math.Round(e.Km, 1)
                ? $"ranked after {previous.Facts.Worker.Name}, who is nearer"
                : $"as near as {previous.Facts.Worker.Name}, who has worked less or equal this week");
        }

        return reasons;
    }
}
