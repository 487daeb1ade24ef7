using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// A care worker was offered an activation by SMS; <paramref name="ChosenBy"/> is null when the ranking chose them, else
/// the coordinator who did. <paramref name="Provider"/> carried the SMS (null from publishers that did not say).
/// </summary>
public sealed record OfferSent(
    Guid ActivationId,
    Guid OfferId,
    Guid WorkerId,
    string WorkerName,
    int Attempt,
    string? ChosenBy,
    Instant DeadlineAt,
    Instant SentAt,
    string? Provider = null) : IRosteringNews;
