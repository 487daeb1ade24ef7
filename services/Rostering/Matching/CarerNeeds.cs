using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using EmergencyPlanChanged = Cers.Dispatch.Contracts.CardLookup.EmergencyPlanChanged;

namespace Cers.Dispatch.Rostering.Matching;

/// <summary>
/// What a carer's latest emergency plan asks of a responder, as card lookup last told us. <paramref name="WorkersNeeded"/>:
/// care workers needed at once (two for a two-person transfer; readiness counts them, dispatch still offers one).
/// </summary>
public sealed record CarerNeeds(
    Guid Id,
    int PlanVersion,
    IReadOnlyList<string> RequiredSkills,
    string Nation,
    string Area,
    double Latitude,
    double Longitude,
    Instant ChangedAt,
    int WorkersNeeded = 1);

/// <summary>
/// Keeps the newest plan version per carer; an older version arriving late is ignored. The plan travels from card lookup
/// on its own and can arrive after the activation it is needed for (a carer registered minutes before the call, a busy
/// bus): any dispatch for the carer still looking for staff with no offer out is moved on once the plan is here.
/// </summary>
public sealed class WhenEmergencyPlanChanged(IDocumentSession session, DispatchDesk desk, IClock clock) : IConsumer<EmergencyPlanChanged>
{
    public async Task Consume(ConsumeContext<EmergencyPlanChanged> context)
    {
        var plan = context.Message;
        session.MarkHandled(context, nameof(WhenEmergencyPlanChanged), clock.GetCurrentInstant());
        var known = await session.LoadAsync<CarerNeeds>(plan.CarerId, context.CancellationToken);
        if (known is null || known.PlanVersion < plan.Version)
        {
            session.Store(new CarerNeeds(plan.CarerId, plan.Version, plan.RequiredSkills, plan.Nation, plan.Area, plan.Latitude, plan.Longitude, plan.ChangedAt, plan.WorkersNeeded ?? 1));
        }

        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (Exception e) when (IdempotentConsumption.IsHandledBefore(e))
        {
            // Stored on the first delivery.
        }

        // Also on a redelivery: a crash after the plan was stored must not leave its waiting dispatches behind.
        var waiting = await session.Query<StaffDispatch>().Where(d => d.CarerId == plan.CarerId && d.ClosedAt == null).ToListAsync(context.CancellationToken);
        foreach (var dispatch in waiting.Where(d => d.IsSeeking() && d.OpenOffers().Count < d.OpenPlaces()))
        {
            await desk.ExecuteAsync(dispatch.Id, async work =>
            {
                if (work.Dispatch is { } current && current.IsSeeking() && current.OpenOffers().Count < current.OpenPlaces())
                {
                    await desk.MoveOnAsync(work, context.CancellationToken);
                }

                return true;
            }, context.CancellationToken);
        }
    }
}
