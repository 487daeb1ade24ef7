using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using MassTransit;
using NodaTime;
using CarerErased = Cers.Dispatch.Contracts.CardLookup.CarerErased;

namespace Cers.Dispatch.Rostering.Privacy;

/// <summary>
/// When card lookup forgets a carer, rostering shreds the key of every activation it staffed for them: the handover
/// notes become unreadable, while the handovers, offers and times keep their place for the audit trail and the figures.
/// </summary>
public sealed class ForgettingCarer(IDocumentSession session, PersonalDataVault vault, IClock clock) : IConsumer<CarerErased>
{
    public async Task Consume(ConsumeContext<CarerErased> context)
    {
        session.MarkHandled(context, nameof(ForgettingCarer), clock.GetCurrentInstant());

        var erased = context.Message;
        var reason = $"the carer's data was erased ({erased.Ground})";
        var activations = await session.Query<StaffDispatch>()
            .Where(d => d.CarerId == erased.CarerId)
            .Select(d => d.Id)
            .ToListAsync(context.CancellationToken);
        foreach (var activationId in activations)
        {
            await vault.ShredAsync(session, ActivationPrivacy.Subject(activationId), reason, context.CancellationToken);
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}
