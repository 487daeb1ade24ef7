using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>
/// Published by crisis intake when an activation is opened: somebody reported that a carer cannot care. When the card was
/// recognised as the report came in, <paramref name="Card"/> carries that check, and no <see cref="ActivationCardVerified"/>
/// follows: one message says whose care it is, so rostering can offer at once. A check made later (a coordinator, a
/// further report, card lookup answering again) still comes as its own <see cref="ActivationCardVerified"/>.
/// </summary>
public sealed record ActivationOpened(
    Guid ActivationId,
    string Channel,
    string? CardNumber,
    string Reason,
    string ReportedByAgency,
    string ReportedByName,
    string? CallBackNumber,
    Instant OpenedAt,
    ActivationCardVerified? Card = null) : IIntakeNews;
