using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>
/// A card stopped working. Reason: "lost", "stolen", "suspended:moved-away", "suspended:registration-lapsed",
/// "suspended:other", or "withdrawn:erased" / "withdrawn:retention" when the carer's data was erased.
/// </summary>
public sealed record CardRevoked(string CardNumber, Guid CarerId, string Reason, Instant RevokedAt);
