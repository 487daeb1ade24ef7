using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas.LineUps;

/// <summary>Someone on for a role through one interval, and whether an override (and why) put them there.</summary>
public sealed record LineUpPerson(Guid StaffId, string Name, string Kind, Guid RotationId, string Rotation, bool ByOverride, string? OverrideReason);

/// <summary>A rotation whose turn it is but which an override leaves with nobody (sickness with no cover).</summary>
public sealed record LineUpUncovered(Guid RotationId, string Rotation, Guid OverrideId, string Reason);

/// <summary>From <paramref name="From"/> until <paramref name="To"/> the role's line-up does not change; empty <paramref name="OnDuty"/> is a gap.</summary>
public sealed record LineUpInterval(Instant From, Instant To, IReadOnlyList<LineUpPerson> OnDuty, IReadOnlyList<LineUpUncovered> Uncovered);

public sealed record LineUpQuery(string? Role, string? From, string? To);

public sealed class LineUpQueryValidator : AbstractValidator<LineUpQuery>
{
    public static readonly Duration Longest = Duration.FromDays(42);

    public LineUpQueryValidator()
    {
        RuleFor(q => q.Role).OneOf(StaffRoles.All);
        RuleFor(q => q.From).IsoInstant();
        RuleFor(q => q.To).IsoInstant();
        RuleFor(q => q.To).Must((q, to) => Parse.Instant(to) is not { } end || Parse.Instant(q.From) is not { } start || end > start)
            .WithMessage("Must be after from.");
        RuleFor(q => q.To).Must((q, to) => Parse.Instant(to) is not { } end || Parse.Instant(q.From) is not { } start || end - start <= Longest)
            .WithMessage($"At most {Longest.Days} days after from.");
    }
}

/// <summary>
/// GET /on-call/line-ups?role=&amp;from=&amp;to=: who is on for a role between two instants, as the intervals in which
/// nobody changes, resolved by the same rules as GET /on-call at each instant where a rota may change. A calendar of a
/// week is one call instead of one per hour.
/// </summary>
public static class GetLineUpsSlice
{
    private static readonly LineUpQueryValidator Validator = new();

    public static async Task<IResult> Handle(string? role, string? from, string? to, IQuerySession session, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new LineUpQuery(role, from, to)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        return Results.Ok(Between(board, Parse.Word(role!), Parse.Instant(from)!.Value, Parse.Instant(to)!.Value));
    }

    public static IReadOnlyList<LineUpInterval> Between(RotaBoard board, string role, Instant from, Instant to)
    {
        var rotations = board.Rotations.Where(r => r.Role == role).ToList();
        var overrides = rotations.SelectMany(r => r.Overrides).ToList();
        var reasons = overrides.ToDictionary(o => o.OverrideId, o => o.Reason);
        var intervals = new List<LineUpInterval>();
        foreach (var at in RotaResolution.ChangePoints(rotations, overrides, from, to))
        {
            var onDuty = board.OnAt(at, role)
                .Select(x => new LineUpPerson(
                    x.Member.Id, x.Member.Name, x.Duty.Kind, x.Duty.RotationId, x.Duty.RotationName, x.Duty.OverrideId is not null,
                    x.Duty.OverrideId is { } overrideId ? reasons.GetValueOrDefault(overrideId) : null))
                .ToList();
            var uncovered = UncoveredAt(rotations, at);
            if (intervals.Count > 0 && Same(intervals[^1], onDuty, uncovered))
            {
                continue;
            }

            if (intervals.Count > 0)
            {
                intervals[^1] = intervals[^1] with { To = at };
            }

            intervals.Add(new LineUpInterval(at, to, onDuty, uncovered));
        }

        return intervals;
    }

    /// <summary>Rotations whose turn it is at <paramref name="at"/> but whose winning override names nobody.</summary>
    private static List<LineUpUncovered> UncoveredAt(IReadOnlyList<Rotation> rotations, Instant at)
    {
        var uncovered = new List<LineUpUncovered>();
        foreach (var rotation in rotations.OrderBy(r => r.Priority).ThenBy(r => r.CreatedAt))
        {
            var onDuty = RotaResolution.WhoIsOn([rotation], rotation.Overrides, at);
            if (onDuty.Count > 0 || RotaResolution.ScheduledAt(rotation, at) is not { } scheduled)
            {
                continue;
            }

            var gap = rotation.Overrides
                .Where(o => o.From <= at && at < o.To && (o.Replacing is null || o.Replacing == scheduled))
                .OrderByDescending(o => o.AddedAt)
                .ThenByDescending(o => o.OverrideId)
                .First();
            uncovered.Add(new LineUpUncovered(rotation.Id, rotation.Name, gap.OverrideId, gap.Reason));
        }

        return uncovered;
    }

    private static bool Same(LineUpInterval last, List<LineUpPerson> onDuty, List<LineUpUncovered> uncovered) =>
        last.OnDuty.SequenceEqual(onDuty) && last.Uncovered.SequenceEqual(uncovered);
}
