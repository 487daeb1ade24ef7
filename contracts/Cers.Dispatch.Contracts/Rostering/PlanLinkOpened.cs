using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// A care worker opened the plan link they were texted. <paramref name="From"/> is the address the page was asked from
/// (the console forwards the phone's address); <paramref name="UserAgent"/> the browser, when it said.
/// </summary>
public sealed record PlanLinkOpened(Guid ActivationId, Guid WorkerId, Instant OpenedAt, string From, string? UserAgent = null, string? WorkerName = null);
