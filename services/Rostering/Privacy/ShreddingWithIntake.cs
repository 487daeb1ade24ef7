using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using MassTransit;
using NodaTime;
using ActivationPersonalDataShredded = Cers.Dispatch.Contracts.CrisisIntake.ActivationPersonalDataShredded;

namespace Cers.Dispatch.Rostering.Privacy;

/// <summary>
/// Crisis intake shredded an activation's personal data, by its retention rule for closed activations or because the
/// carer was erased: rostering shreds its own key for the activation too, so the handover notes go with it.
/// </summary>
public sealed class ShreddingWithIntake(IDocumentSession session, PersonalDataVault vault, IClock clock) : IConsumer<ActivationPersonalDataShredded>
{
    public async Task Consume(ConsumeContext<ActivationPersonalDataShredded> context)
    {
        session.MarkHandled(context, nameof(ShreddingWithIntake), clock.GetCurrentInstant());

        var shredded = context.Message;
        await vault.ShredAsync(session, ActivationPrivacy.Subject(shredded.ActivationId), $"crisis intake shredded the activation ({shredded.Reason})", context.CancellationToken);
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
