using NodaTime;

namespace Cers.Dispatch.Escalation.Staffing;

/// <summary>An activation opened: somebody must be on site by <paramref name="DeadlineAt"/>.</summary>
public sealed record StaffingDeadlineSet(Guid ActivationId, Instant OpenedAt, Instant DeadlineAt, Instant SetAt);

public sealed record WorkerArrivedOnSite(Guid ActivationId, Guid WorkerId, Instant ArrivedAt);

public sealed record ActivationUnstaffedTooLong(Guid ActivationId, Instant OpenedAt, Instant RaisedAt);
