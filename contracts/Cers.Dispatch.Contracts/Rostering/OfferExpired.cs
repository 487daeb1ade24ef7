using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// An offer closed without an answer. Why: "no-reply" (deadline passed), "sms-failed", "sms-undelivered" (Twilio's
/// delivery status), "sms-not-sent" (Twilio refused or could not be reached), "withdrawn" (a coordinator chose someone else).
/// </summary>
public sealed record OfferExpired(Guid ActivationId, Guid OfferId, Guid WorkerId, string Why, Instant ExpiredAt, string? WorkerName = null) : IRosteringNews;
