using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards;

public enum CardStatus
{
    Active,
    Suspended,
    Lost,
    Stolen,
    Replaced,

    /// <summary>The carer's data was erased: the card is no longer registered and never works again.</summary>
    Withdrawn,
}

/// <summary>One yellow card, folded from its stream. Only an active card works; the others still identify the carer.</summary>
public sealed record Card(
    Guid Id,
    string CardNumber,
    Guid CarerId,
    CardStatus Status,
    Instant IssuedAt,
    string? ReplacesCardNumber,
    string? ReplacedByCardNumber,
    string? StatusReason,
    Instant StatusChangedAt)
{
    public bool Works => Status == CardStatus.Active;

    public static Card Create(CardIssued e) =>
        new(e.CardId, e.CardNumber, e.CarerId, CardStatus.Active, e.IssuedAt, e.ReplacesCardNumber, null, null, e.IssuedAt);

    public Card Apply(CardReportedLost e) => this with
    {
        Status = e.Kind == LossKind.Stolen ? CardStatus.Stolen : CardStatus.Lost,
        StatusReason = $"Reported {e.Kind.ToString().ToLowerInvariant()} by {e.ReportedBy}",
        StatusChangedAt = e.ReportedAt,
    };

    public Card Apply(CardSuspended e) => this with
    {
        Status = CardStatus.Suspended,
        StatusReason = e.Note is null ? e.Reason.ToString() : $"{e.Reason}: {e.Note}",
        StatusChangedAt = e.SuspendedAt,
    };

    public Card Apply(CardReinstated e) => this with { Status = CardStatus.Active, StatusReason = null, StatusChangedAt = e.ReinstatedAt };

    public Card Apply(CardWithdrawn e) => this with
    {
        Status = CardStatus.Withdrawn,
        StatusReason = e.Ground == Carers.ErasureGround.Retention
            ? "No longer registered: the retention period ended"
            : "No longer registered: the carer's data was erased on request",
        StatusChangedAt = e.WithdrawnAt,
    };

    public Card Apply(CardReplaced e) => this with
    {
        Status = CardStatus.Replaced,
        ReplacedByCardNumber = e.NewCardNumber,
        StatusReason = StatusReason is null ? "Replaced" : $"Replaced after: {StatusReason}",
        StatusChangedAt = e.ReplacedAt,
    };
}

/// <summary>A card found by its number in one primary-key read: what a lookup needs first.</summary>
public sealed record CardIndex(string Id, Card Card);
