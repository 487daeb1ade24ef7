using NodaTime;

namespace Cers.Dispatch.CardLookup.Cards;

public enum LossKind
{
    Lost,
    Stolen,
}

public enum SuspensionReason
{
    MovedAway,
    RegistrationLapsed,
    Other,
}

public sealed record CardIssued(Guid CardId, string CardNumber, Guid CarerId, string? ReplacesCardNumber, string IssuedBy, Instant IssuedAt);

public sealed record CardReportedLost(Guid CardId, string CardNumber, Guid CarerId, LossKind Kind, string ReportedBy, Instant ReportedAt);

public sealed record CardSuspended(Guid CardId, string CardNumber, Guid CarerId, SuspensionReason Reason, string? Note, string SuspendedBy, Instant SuspendedAt);

public sealed record CardReinstated(Guid CardId, string CardNumber, Guid CarerId, string ReinstatedBy, Instant ReinstatedAt);

public sealed record CardReplaced(Guid CardId, string CardNumber, Guid CarerId, string NewCardNumber, string ReplacedBy, Instant ReplacedAt);

/// <summary>The card stops working for good because the carer's data was erased (on request or at the end of retention).</summary>
public sealed record CardWithdrawn(Guid CardId, string CardNumber, Guid CarerId, Carers.ErasureGround Ground, Instant WithdrawnAt);

public static class CardRules
{
    public static Common.DomainRuleViolated Withdrawn() =>
        new("The card was withdrawn when the carer's data was erased; it is no longer registered and never works again.");

    /// <summary>The cards that erasure withdraws: those that work or could work again. Lost, stolen and replaced cards already never will.</summary>
    public static bool CouldWork(Card card) => card.Status is CardStatus.Active or CardStatus.Suspended;
}
