using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.GettingPlan;

/// <summary><c>AsOf</c>: the ISO-8601 instant to see the plan as it stood then; left out, the current plan.</summary>
public sealed record PlanQuery(string? AsOf);

public sealed class PlanQueryValidator : AbstractValidator<PlanQuery>
{
    public PlanQueryValidator() => RuleFor(q => q.AsOf).IsoInstant(required: false);
}

public static class GetPlanSlice
{
    private static readonly PlanQueryValidator Validator = new();

    /// <summary>
    /// The current plan, or with <c>asOf</c> the plan as it stood at that instant, folded from the carer's stream up to
    /// then: what the coordinator was shown at the time of a past call. Never the door secrets; after erasure, the
    /// plan's outline with every personal value marked erased.
    /// </summary>
    public static async Task<IResult> Handle(
        Guid carerId, string? asOf, IQuerySession session, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new PlanQuery(asOf)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var pointInTime = Parse.Instant(asOf);
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
