using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>
/// The carer said whether their plan may be shared with the staff who cover (at registration, and each time it is
/// confirmed again): consent is current for a configured period from <paramref name="RecordedAt"/>.
/// </summary>
public sealed record PlanConsentRecorded(Guid CarerId, bool ConsentToSharePlan, Instant RecordedAt);
