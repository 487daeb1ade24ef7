using Cers.Dispatch.CrisisIntake.Collaborators;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.CardIndex;

/// <summary>
/// The phone line's card check: a card crisis intake knows (<see cref="KnownCard"/>) is recognised without asking card
/// lookup, so a caller never waits on it. Card lookup is asked about any other number: a card issued a moment ago, a
/// card from before the index, a misheard or guessed number (card lookup counts those towards its guessing alarm). A
/// card it recognises is remembered for the next call.
/// </summary>
public sealed class RecognisingCards(IDocumentStore store, CardLookupClient cardLookup, IClock clock, ILogger<RecognisingCards> logger)
{
    public async Task<CardCheck> CheckAsync(IQuerySession session, string heard, string from, CancellationToken cancellationToken)
    {
        if (heard.Length == 0)
        {
            return new CardCheck.NothingHeard();
        }

        var known = await session.LoadAsync<KnownCard>(heard, cancellationToken);
        if (known?.Check is { } recognised)
        {
            return recognised;
        }

        // Before asking: a change card lookup made after this instant reaches the index by its message and stands.
        var askedAt = clock.GetCurrentInstant();
        var check = await cardLookup.CheckAsync(heard, "phone", string.IsNullOrEmpty(from) ? "unknown caller" : from, cancellationToken);
        if (known is null && check is CardCheck.Identified { Nation: { } nation, Area: { } area } card)
        {
            await RememberAsync(new KnownCard(card.CardNumber, card.CarerId, card.CardStatus, askedAt, nation, area), cancellationToken);
        }

        return check;
    }

    /// <summary>Only ever added: what card lookup's messages stored meanwhile is never overwritten by an answer.</summary>
    private async Task RememberAsync(KnownCard card, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Insert(card);
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Already known (a message got there first), or PostgreSQL busy: the next call asks card lookup again.
            logger.LogDebug(e, "A card card lookup recognised was not added to the card index");
        }
    }
}
