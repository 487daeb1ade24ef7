using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas;

public sealed record RotaOverride(
    Guid RotationId,
    Guid OverrideId,
    Instant From,
    Instant To,
    Guid? CoveredBy,
    Guid? Replacing,
    string Reason,
    Instant AddedAt);

public sealed record Rotation(
    Guid Id,
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
    Instant CreatedAt,
    IReadOnlyList<RotaOverride> Overrides)
{
    public static Rotation Create(RotationCreated e) => new(
        e.RotationId, e.Name, e.Role, e.Kind, e.Participants, e.StartsAt, e.TurnDays, e.TurnHours, e.WindowFrom, e.WindowTo,
        e.Priority, e.CreatedAt, []);

    public Rotation Apply(RotaOverrideAdded e) => this with
    {
        Overrides = [.. Overrides, new RotaOverride(e.RotationId, e.OverrideId, e.From, e.To, e.CoveredBy, e.Replacing, e.Reason, e.AddedAt)],
    };
}
