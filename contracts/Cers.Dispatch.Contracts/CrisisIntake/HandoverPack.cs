using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>A handover pack for social care or the family is ready and due: <paramref name="Occasion"/> is CoverLimitNear or LongerTermCareArranged.</summary>
public sealed record HandoverPackPrepared(Guid ActivationId, string Occasion, Instant At) : IIntakeNews;

/// <summary>A coordinator recorded sending the handover pack: <paramref name="To"/> is AdultSocialCare, ChildrensSocialCare or Family.</summary>
public sealed record HandoverPackSent(Guid ActivationId, string To, string How, string SentBy, Instant At) : IIntakeNews;
