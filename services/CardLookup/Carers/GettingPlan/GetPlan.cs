using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Carers.GettingPlan;

public static class GetPlanSlice
{
    /// <summary>
    /// The current plan, or with <c>asOf</c> the plan as it stood at that instant, folded from the carer's stream up to
    /// then: what the coordinator was shown at the time of a past call. Never the door secrets; after erasure, the
    /// plan's outline with every personal value marked erased.
    /// </summary>
    public static async Task<IResult> Handle(
        Guid carerId, string? asOf, IQuerySession session, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        Instant? pointInTime = null;
        if (asOf is not null)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(asOf);
            if (!parsed.Success)
            {
                var errors = new FieldErrors();
                errors.Add("asOf", "An ISO-8601 instant, e.g. 2026-11-25T16:00:00Z.");
                return errors.ToProblem();
            }

            pointInTime = parsed.Value;
        }

        var carer = pointInTime is { } at
            ? await session.Events.AggregateStreamAsync<Carer>(carerId, timestamp: at.ToDateTimeOffset(), token: cancellationToken)
            : await session.LoadAsync<Carer>(carerId, cancellationToken);
        if (carer is null)
        {
            return pointInTime is null || await session.LoadAsync<Carer>(carerId, cancellationToken) is null
                ? Problems.NotFound($"No carer {carerId}.")
                : Problems.NotFound($"Carer {carerId} was not registered yet at {pointInTime}.");
        }

        var day = Ages.Today(pointInTime ?? clock.GetCurrentInstant());
        var plan = await OpenedCarer.OpenAsync(carer, vault, session, cancellationToken) is { } opened
            ? PlanView.Of(opened, day)
            : PlanView.OfErased(carer, day);
        return plan is not null
            ? Results.Ok(plan)
            : Problems.NotFound(pointInTime is null ? "No emergency plan has been recorded yet." : $"No emergency plan had been recorded by {pointInTime}.");
    }
}
