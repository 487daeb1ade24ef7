using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using MassTransit;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.CrisisIntake.Activations.Rechecking;

/// <summary>Card lookup still does not answer; the bus retries the check with a growing back-off.</summary>
public sealed class CardLookupStillUnavailableException(Guid activationId, string why)
    : Exception($"Card lookup still unavailable to re-check the card of activation {activationId}: {why}");

/// <summary>
/// Card lookup did not answer while the caller was on the line (down, or slow in a surge), so the activation opened with
/// the card unverified and the caller went straight to the coordinator. The digits were heard all the same: they are
/// checked again until card lookup answers, so staffing starts without waiting for a coordinator to identify the carer
/// by hand. A card that turns out not to be valid changes nothing; the coordinator is already on it.
/// </summary>
public sealed class RecheckCardWhenLookupWasDown(IDocumentSession session, CardLookupClient cardLookup, PersonalDataVault vault, IClock clock)
    : IConsumer<Published.ActivationCardNotIdentified>
{
    public const string LookupUnavailableWhy = "card lookup unavailable";

    public async Task Consume(ConsumeContext<Published.ActivationCardNotIdentified> context)
    {
        var notIdentified = context.Message;
        if (!notIdentified.Why.StartsWith(LookupUnavailableWhy, StringComparison.Ordinal))
        {
            return;
        }

        session.CarryTraceContext();
        var stream = await session.Events.FetchForWriting<Activation>(notIdentified.ActivationId, context.CancellationToken);
        if (stream.Aggregate is not { Status: ActivationStatus.Open, Identification: CardIdentification.NotIdentified, CardNumber: { } digits } activation)
        {
            return;
        }

        var key = await vault.ExistingKeyAsync(session, ActivationPrivacy.Subject(activation.Id), context.CancellationToken);
        var check = await cardLookup.CheckAsync(digits, ChannelName(activation.Channel), RequestedBy(activation.ReportedBy.Open(key)), context.CancellationToken);
        switch (check)
        {
            case CardCheck.Identified card:
                stream.AppendOne(new CardVerified(activation.Id, card.CardNumber, card.CarerId, card.CardStatus, card.Works, card.Nation, card.Area, clock.GetCurrentInstant()));
                if (await session.LoadAsync<OpenCardActivation>(OpenCardActivation.ForCarer(card.CarerId), context.CancellationToken) is null)
                {
                    // Now that card lookup has said whose card it is, the carer's other cards lead here too.
                    session.Insert(new OpenCardActivation(OpenCardActivation.ForCarer(card.CarerId), activation.Id));
                }

                await session.SaveChangesAsync(context.CancellationToken);
                break;
            case CardCheck.LookupUnavailable down:
                throw new CardLookupStillUnavailableException(activation.Id, down.Why);
        }
    }

    /// <summary>As the first check named the channel, so card lookup's audit and rate limit see the same caller.</summary>
    private static string ChannelName(Channel channel) => channel switch
    {
        Channel.Phone => "phone",
        Channel.PartnerApi => "partner",
        _ => "console",
    };

    private static string RequestedBy(Reporter reporter) => reporter.CallBackNumber ?? reporter.Agency;
}
