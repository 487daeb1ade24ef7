using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>
/// Crisis intake shredded the activation's personal data (the carer was erased, or the retention period after closing
/// ran out): every service holding personal data about the activation shreds its own copy, keeping the steps.
/// </summary>
public sealed record ActivationPersonalDataShredded(Guid ActivationId, string Reason, Instant ShreddedAt) : IIntakeNews;
