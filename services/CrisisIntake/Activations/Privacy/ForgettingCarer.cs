using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using MassTransit;
using NodaTime;
using CarerErased = Cers.Dispatch.Contracts.CardLookup.CarerErased;

namespace Cers.Dispatch.CrisisIntake.Activations.Privacy;

/// <summary>
/// When card lookup forgets a carer, every activation about them forgets its personal data too; the activations keep
/// their steps, times and outcomes, so the audit trail and the figures keep their shape. The phone line's card index
/// forgets the carer's cards in the same transaction, so no call recognises them from it once their activations are shredded.
/// </summary>
public sealed class ForgettingCarer(IDocumentSession session, PersonalDataVault vault, IClock clock) : IConsumer<CarerErased>
{
    public async Task Consume(ConsumeContext<CarerErased> context)
    {
        var now = clock.GetCurrentInstant();
        session.MarkHandled(context, nameof(ForgettingCarer), now);

        var erased = context.Message;
        var reason = $"the carer's data was erased ({erased.Ground})";
        var activations = await session.Query<Activation>()
            .Where(a => a.CarerId == erased.CarerId && !a.PersonalDataShredded)
            .Select(a => a.Id)
            .ToListAsync(context.CancellationToken);
        foreach (var id in activations)
        {
            await vault.ShredAsync(session, ActivationPrivacy.Subject(id), reason, context.CancellationToken);
            session.Events.Append(id, new PersonalDataShredded(id, reason, now));
            if (await session.LoadAsync<ClosedActivation>(id, context.CancellationToken) is { } closed)
            {
                session.Store(closed with { ShreddedAtUnixMilliseconds = now.ToUnixTimeMilliseconds() });
            }
        }

        await CardIndex.KeepingCardIndex.ForgetCarerAsync(session, erased.CarerId, context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
