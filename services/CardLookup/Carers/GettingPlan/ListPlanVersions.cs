using Cers.Dispatch.CardLookup.Common;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.GettingPlan;

/// <summary>
/// One version of the plan; <c>StoredAt</c> is the instant to pass as <c>asOf</c> to see it again. <c>Erased</c>: the
/// carer's data was erased, so the version is still listed but its content reads "[erased]". <c>WorkersNeeded</c>: how many
/// care workers the version needs at once.
/// </summary>
public sealed record PlanVersionEntry(
    int Version, Instant RecordedAt, Instant StoredAt, string RecordedBy, LocalDate ReviewDate, IReadOnlyList<string> RequiredSkills, int WorkersNeeded, bool Erased);

public static class ListPlanVersionsSlice
{
    public static async Task<IResult> Handle(Guid carerId, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(carerId, token: cancellationToken);
        if (events.Count == 0)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        var erased = events.Any(e => e.Data is CarerErased);
        return Results.Ok(events
            .Where(e => e.Data is EmergencyPlanRecorded)
            .Select(e => (Stored: e, Recorded: (EmergencyPlanRecorded)e.Data))
            .Select(x => new PlanVersionEntry(
                x.Recorded.Version, x.Recorded.RecordedAt, Instant.FromDateTimeOffset(x.Stored.Timestamp), x.Recorded.RecordedBy,
                x.Recorded.Outline.ReviewDate, x.Recorded.Outline.RequiredSkills, x.Recorded.Outline.WorkersNeeded, erased))
            .ToList());
    }
}
