using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>A card stopped working. Reason: "lost", "stolen", "suspended:moved-away", "suspended:registration-lapsed", "suspended:other".</summary>
public sealed record CardRevoked(string CardNumber, Guid CarerId, string Reason, Instant RevokedAt);
