using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>
/// Crisis intake recognised a card from what card lookup had told it (its card index), without asking card lookup.
/// Card lookup keeps it in its lookup record as if it had been asked: <paramref name="Channel"/> is how the card came
/// ("phone"), <paramref name="RequestedBy"/> the caller's number ("unknown caller" when withheld).
/// </summary>
public sealed record CardRecognised(
    Guid ActivationId, string CardNumber, Guid CarerId, bool CardWorks, string Channel, string RequestedBy, Instant RecognisedAt) : IIntakeNews;
