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
