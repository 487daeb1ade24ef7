using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using MassTransit;
using CardRecognised = Cers.Dispatch.Contracts.CrisisIntake.CardRecognised;

namespace Cers.Dispatch.CardLookup.Lookup.Audit;

/// <summary>
/// Crisis intake's phone line recognises the cards it knows without asking card lookup: each one is kept in the lookup
/// record all the same, as the lookup it stands for. It is stored in the group commit, so it goes with the cover access
/// of the activation the same call opened (<see cref="Activations.KeepingCoverAccess"/>), whose message comes with it,
/// and the carer's key is read with that commit's documents.
/// The record's id is the message's, so a delivery again writes the same record. The message comes in crisis intake's
/// news (<see cref="TakingInNews"/>).
/// </summary>
public sealed class RecordingRecognisedCards(GroupCommit commits, PersonalDataVault vault)
{
    /// <summary>Who presented the credentials, as for crisis intake's own calls to card lookup.</summary>
    public const string Caller = "caller:service:crisis-intake";

    public Task Record(ConsumeContext context, ItemInNews item, CardRecognised recognised)
    {
        // The phone line is the one channel crisis intake recognises cards on today; a channel this version does not know is
        // recorded as the phone's rather than the message being refused for good.
        var channel = Enum.TryParse<LookupChannel>(recognised.Channel, ignoreCase: true, out var parsed) ? parsed : LookupChannel.Phone;
        var lookup = new PendingLookup(
            item.MessageId, recognised.RecognisedAt, channel, recognised.RequestedBy, Caller, $"card {recognised.CardNumber}",
            recognised.CardWorks ? LookupResult.Found : LookupResult.FoundNotWorking, recognised.CarerId, recognised.CardNumber);
        return commits.ApplyAsync(context, item, nameof(RecordingRecognisedCards), async (session, cancellationToken) =>
        {
            var (key, made) = await KeyToSealWithAsync(session, recognised.CarerId, lookup, cancellationToken);
            var record = lookup.Sealed(key);
            return writing =>
            {
                if (made is not null)
                {
                    writing.Insert(made);
                }

                writing.Store(record);
            };
        }, [vault.KeyRead(OpenedCarer.KeySubject(recognised.CarerId))], handledInDocuments: true);
    }

    /// <summary>As <see cref="LookupAuditWriter"/> seals: under the carer's key, or the month's for lookups that matched nobody once the carer is erased.</summary>
    private async Task<(SubjectKey Key, DataKey? Made)> KeyToSealWithAsync(
        Marten.IQuerySession session, Guid carerId, PendingLookup lookup, CancellationToken cancellationToken) =>
        await vault.ExistingKeyAsync(session, OpenedCarer.KeySubject(carerId), cancellationToken) is { } carerKey
            ? (carerKey, null)
            : await vault.KeyToSealWithAsync(session, lookup.UnmatchedSubject, cancellationToken);
}
