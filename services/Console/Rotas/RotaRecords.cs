using NodaTime;

namespace Cers.Dispatch.Console.Rotas;

/// <summary>A rotation as rostering gives it (GET /rotations), as far as the rotas page reads it.</summary>
public sealed record RotationShown(
    Guid Id, string Name, LocalDateTime StartsAt, int? TurnHours, LocalTime? WindowFrom, LocalTime? WindowTo, IReadOnlyList<OverrideShown>? Overrides);

public sealed record OverrideShown(Instant From, Instant To, Guid? CoveredBy, Guid? Replacing, string? Reason);

/// <summary>Someone on duty at an instant (GET /on-call?at=).</summary>
public sealed record OnDuty(Guid StaffId, string Name, string Role, string Kind, string Rotation, bool ByOverride);

public sealed record StaffShown(Guid Id, string Name);

/// <summary>The first moment ahead when a role's line-up differs from now, and who is on then.</summary>
public sealed record NextChange(Instant At, IReadOnlyList<OnDuty> People);
