using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>
/// A carer's personal data was erased in card lookup (<paramref name="Ground"/>: <c>request</c> or <c>retention</c>).
/// Services holding copies of it (names, phone numbers, the coordinates of the home) erase theirs too.
/// </summary>
public sealed record CarerErased(Guid CarerId, string Ground, Instant ErasedAt);
