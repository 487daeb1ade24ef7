using MassTransit;
using CardRecognised = Cers.Dispatch.Contracts.CrisisIntake.CardRecognised;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

/// <summary>
/// Crisis intake's phone line recognises the cards it knows without asking card lookup: each one is kept in the lookup
/// record all the same, as the lookup it stands for. The record's id is the message's, so a delivery again writes the
/// same record.
/// </summary>
public sealed class RecordingRecognisedCards(LookupAuditWriter audit) : IConsumer<CardRecognised>
{
    /// <summary>Who presented the credentials, as for crisis intake's own calls to card lookup.</summary>
    public const string Caller = "caller:service:crisis-intake";

    public Task Consume(ConsumeContext<CardRecognised> context)
    {
        var recognised = context.Message;
        // The phone line is the one channel crisis intake recognises cards on today; a channel this version does not know is
        // recorded as the phone's rather than the message being refused for good.
        var channel = Enum.TryParse<LookupChannel>(recognised.Channel, ignoreCase: true, out var parsed) ? parsed : LookupChannel.Phone;
        return audit.RecordAsync(
            new PendingLookup(
                context.MessageId ?? throw new InvalidOperationException("Messages on the bus carry the stored event id as MessageId."),
                recognised.RecognisedAt, channel, recognised.RequestedBy, Caller, $"card {recognised.CardNumber}",
                recognised.CardWorks ? LookupResult.Found : LookupResult.FoundNotWorking, recognised.CarerId, recognised.CardNumber),
            context.CancellationToken);
    }
}
