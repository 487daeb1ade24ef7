using Cers.Dispatch.Rostering.Matching;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>When planned cover starts, the worker held for it is asked first, if they still qualify.</summary>
public static class ReservedFirst
{
    public static Ranking Apply(Ranking ranking, Guid? reservedWorker)
    {
        if (reservedWorker is not { } id || ranking.Ranked.FirstOrDefault(r => r.WorkerId == id) is not { } held || held.Rank == 1)
        {
            return ranking;
        }

        var reordered = ranking.Ranked.Where(r => r.WorkerId != id).Prepend(held with { Reasons = [.. held.Reasons, "reserved for this planned cover"] })
            .Select((r, i) => r with { Rank = i + 1 }).ToList();
        return ranking with { Ranked = reordered };
    }
}
