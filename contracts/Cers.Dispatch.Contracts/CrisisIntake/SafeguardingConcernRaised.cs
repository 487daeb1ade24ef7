using NodaTime;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>
/// A safeguarding concern was raised on an activation. The safeguarding lead must be told at once; the account itself
/// stays in crisis intake (it is sensitive), only who, what kind and where to refer travel.
/// </summary>
public sealed record SafeguardingConcernRaised(
    Guid ActivationId,
    Guid ConcernId,
    string Subject,
    string Category,
    bool ImmediateDanger,
    string ReferralRouteName,
    string ReferralRoutePhone,
    string LeadName,
    string LeadPhone,
    string RaisedBy,
    Instant RaisedAt);
