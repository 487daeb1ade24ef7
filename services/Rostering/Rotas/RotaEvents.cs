using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas;

public static class RotationKinds
{
    /// <summary>Working on the rota: available at once.</summary>
    public const string Shift = "shift";

    /// <summary>On call: reachable and able to go out.</summary>
    public const string OnCall = "on-call";

    public static IReadOnlyList<string> All { get; } = [Shift, OnCall];
}

/// <summary>
/// A rotation of people in turn, as on-call tools define one. Turns start at <paramref name="StartsAt"/> (Europe/London
/// wall time) and last <paramref name="TurnDays"/> calendar days (hand-off at the same wall time, whatever the clocks do)
/// or <paramref name="TurnHours"/> elapsed hours. With a daily window (e.g. 08:00-20:00, or 20:00-08:00 across midnight)
/// the person whose turn it is is on only inside it. Lower <paramref name="Priority"/> comes first in the on-call chain.
/// </summary>
public sealed record RotationCreated(
    Guid RotationId,
    string Name,
    string Role,
    string Kind,
    IReadOnlyList<Guid> Participants,
    LocalDateTime StartsAt,
    int? TurnDays,
    int? TurnHours,
    LocalTime? WindowFrom,
    LocalTime? WindowTo,
    int Priority,
    string CreatedBy,
    Instant CreatedAt);

/// <summary>
/// From <paramref name="From"/> until <paramref name="To"/>, <paramref name="CoveredBy"/> stands in for whoever the
/// rotation has on (only for <paramref name="Replacing"/>, when given). No one covering leaves a gap (sickness with no
/// cover). Overrides change who is on, never when; a later override wins over an earlier one.
/// </summary>
public sealed record RotaOverrideAdded(
    Guid RotationId,
    Guid OverrideId,
    Instant From,
    Instant To,
    Guid? CoveredBy,
    Guid? Replacing,
    string Reason,
    string AddedBy,
    Instant AddedAt);
