using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>A card now works: newly issued, issued as a replacement (see <see cref="CardReplaced"/>) or reinstated. CardNumber is digits only.</summary>
public sealed record CardIssued(string CardNumber, Guid CarerId, Instant IssuedAt);
