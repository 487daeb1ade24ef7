using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>The old card no longer works; the carer's new card has a new number.</summary>
public sealed record CardReplaced(string OldCardNumber, string NewCardNumber, Guid CarerId, Instant At);
