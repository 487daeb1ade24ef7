using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>Someone reached every emergency contact of plan version <paramref name="PlanVersion"/> on the number recorded for them.</summary>
public sealed record EmergencyContactsConfirmed(Guid CarerId, int PlanVersion, Instant ConfirmedAt);
