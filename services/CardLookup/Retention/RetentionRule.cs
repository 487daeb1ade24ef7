using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Retention;

/// <summary>
/// When a carer's data is shredded for retention: none of their cards works (all suspended, lost, stolen, replaced
/// or none issued), no activation for them is open, and nothing has happened to them (registration, cared-for
/// people, assessments, plans, cards, activations opened or closed) since <paramref name="cutoff"/>.
/// </summary>
public static class RetentionRule
{
    public static bool IsDue(Carer carer, IReadOnlyList<Card> cards, IReadOnlyList<CoverAccess> activations, Instant cutoff) =>
        !carer.Erased
        && cards.All(c => c.Status != CardStatus.Active)
        && activations.All(a => !a.Open)
        && LastActivity(carer, cards, activations) < cutoff;

    public static Instant LastActivity(Carer carer, IReadOnlyList<Card> cards, IReadOnlyList<CoverAccess> activations) =>
        new[] { carer.LastActivityAt }
            .Concat(cards.Select(c => Instant.Max(c.IssuedAt, c.StatusChangedAt)))
            .Concat(activations.Select(a => a.ClosedAt ?? a.OpenedAt ?? Instant.MinValue))
            .Max();
}
