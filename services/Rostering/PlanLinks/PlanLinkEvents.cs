using NodaTime;

namespace Cers.Dispatch.Rostering.PlanLinks;

/// <summary>
/// A worker accepted and was given a link to the plan. Only the SHA-256 of the token is kept: the link itself exists only
/// in the worker's SMS, so a copy of the database opens nothing.
/// </summary>
public sealed record PlanLinkIssued(Guid LinkId, Guid ActivationId, Guid WorkerId, string WorkerName, string TokenHash, Instant IssuedAt, Instant ExpiresAt);

/// <summary>
/// The link was opened. <paramref name="From"/> is the forwarded client address when the console passed one on, else the
/// caller's own; both are kept as they came, with the browser's User-Agent.
/// </summary>
public sealed record PlanLinkOpened(Guid LinkId, Guid ActivationId, Guid WorkerId, Instant OpenedAt, string From, string? ForwardedFor, string? RemoteAddress, string? UserAgent, string? WorkerName = null);

/// <summary>The link stopped working before its time: Why is worker-left or activation-closed.</summary>
public sealed record PlanLinkEnded(Guid LinkId, Guid ActivationId, Guid WorkerId, string Why, Instant EndedAt);
