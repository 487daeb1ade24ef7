using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using EmergencyPlanChanged = Cers.Dispatch.Contracts.CardLookup.EmergencyPlanChanged;

namespace Cers.Dispatch.Rostering.Matching;

/// <summary>What a carer's latest emergency plan asks of a responder, as card lookup last told us.</summary>
public sealed record CarerNeeds(
    Guid Id,
    int PlanVersion,
    IReadOnlyList<string> RequiredSkills,
    string Nation,
    string Area,
    double Latitude,
    double Longitude,
    Instant ChangedAt);

/// <summary>Keeps the newest plan version per carer; an older version arriving late is ignored.</summary>
public sealed class WhenEmergencyPlanChanged(IDocumentSession session, IClock clock) : IConsumer<EmergencyPlanChanged>
{
    public async Task Consume(ConsumeContext<EmergencyPlanChanged> context)
    {
        var plan = context.Message;
        if (!await session.TryMarkHandledAsync(context, nameof(WhenEmergencyPlanChanged), clock.GetCurrentInstant()))
        {
            return;
        }

        var known = await session.LoadAsync<CarerNeeds>(plan.CarerId, context.CancellationToken);
        if (known is null || known.PlanVersion < plan.Version)
        {
            session.Store(new CarerNeeds(plan.CarerId, plan.Version, plan.RequiredSkills, plan.Nation, plan.Area, plan.Latitude, plan.Longitude, plan.ChangedAt));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}
