using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>The activation's card was recognised: rostering can match staff to the carer's plan.</summary>
public sealed record ActivationCardVerified(
    Guid ActivationId,
    string CardNumber,
    Guid CarerId,
    string CardStatus,
    bool CardWorks,
    string? Nation,
    string? Area,
    Instant VerifiedAt) : IIntakeNews;

/// <summary>No card could be identified; a coordinator will identify the carer.</summary>
public sealed record ActivationCardNotIdentified(Guid ActivationId, string Why, Instant At) : IIntakeNews;
