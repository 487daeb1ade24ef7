using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Marten;

namespace Cers.Dispatch.CrisisIntake.CardIndex;

/// <summary>
/// The phone line's card check: a card crisis intake knows (<see cref="KnownCard"/>) is recognised without asking card
/// lookup, so a caller never waits on it. Card lookup is asked about any other number: a card issued a moment ago, a
/// card from before the index, a misheard or guessed number (card lookup counts those towards its guessing alarm). A
/// card it recognises is remembered for the next call.
/// </summary>
public sealed class RecognisingCards(IDocumentStore store, CardLookupClient cardLookup, ILogger<RecognisingCards> logger)
{
    /// <param name="known">The card index's entry for <paramref name="heard"/>, read by the caller with what else it reads first.</param>
    public async Task<CardCheck> CheckAsync(KnownCard? known, string heard, string from, CancellationToken cancellationToken)
    {
        if (heard.Length == 0)
        {
            return new CardCheck.NothingHeard();
        }

        if (known?.Check is { } recognised)
        {
            return recognised;
        }

        var check = await cardLookup.CheckAsync(heard, TakingCardNumber.PhoneChannel, TakingCardNumber.CallerOf(from), cancellationToken);
        if (check is CardCheck.Identified { StatusChangedAt: { } changedAt, Nation: { } nation, Area: { } area } card)
        {
            await RememberAsync(new KnownCard(card.CardNumber, card.CarerId, card.CardStatus, changedAt, nation, area), cancellationToken);
        }

        return check;
    }

    /// <summary>
    /// Merged as a message would be, by the instant of the card's latest change that card lookup's answer gave, and
    /// written with the carer's document so it collides with the messages' own changes (see <see cref="KeepingCardIndex"/>).
    /// An erased carer's card is never added back.
    /// </summary>
    private async Task RememberAsync(KnownCard answered, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            await KeepingCardIndex.ChangeAsync(session, answered.Id, answered.CarerId, answered.Status, answered.StatusAsOf, cancellationToken, answered);
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A message's change stored meanwhile, or PostgreSQL busy: the next call asks card lookup again. The exception's
            // type only: its message would name the card.
            logger.LogDebug("A card card lookup recognised was not added to the card index ({Exception})", e.GetType().Name);
        }
    }
}
