using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas.OnCall;

public sealed record OnCallView(Guid StaffId, string Name, string Phone, string Role, string Kind, Guid RotationId, string Rotation, bool ByOverride);

/// <summary>One link of the chain crisis intake puts emergency callers through: this shape is relied on, keep it.</summary>
public sealed record OnCallContact(string Name, string Phone, string Role);

/// <summary>The chain from <paramref name="From"/> until the next span's start (or the end of what was worked out).</summary>
public sealed record OnCallChainSpan(Instant From, IReadOnlyList<OnCallContact> Chain);

/// <summary>The chain over [<paramref name="From"/>, <paramref name="To"/>), span by span: what crisis intake keeps for its phone line.</summary>
public sealed record OnCallChainAhead(Instant From, Instant To, IReadOnlyList<OnCallChainSpan> Spans);

/// <summary>The query of GET /on-call: a role to narrow to, and when (now if left out).</summary>
public sealed record OnCallQuery(string? Role, string? At);

public sealed class OnCallQueryValidator : AbstractValidator<OnCallQuery>
{
    public OnCallQueryValidator()
    {
        RuleFor(q => q.Role).OneOf(StaffRoles.All).When(q => q.Role is not null);
        RuleFor(q => q.At).IsoInstant(required: false);
    }
}

public static class GetOnCallSlice
{
    private static readonly OnCallQueryValidator Validator = new();

    public static async Task<IResult> Handle(string? role, string? at, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new OnCallQuery(role, at)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        return Results.Ok(board.OnAt(Parse.Instant(at) ?? clock.GetCurrentInstant(), role is null ? null : Parse.Word(role)).Select(x =>
            new OnCallView(x.Member.Id, x.Member.Name, x.Member.Phone, x.Duty.Role, x.Duty.Kind, x.Duty.RotationId, x.Duty.RotationName, x.Duty.OverrideId is not null)));
    }

    /// <summary>GET /on-call/chain?at=: the coordinators on at that instant in rota order, then the duty managers.</summary>
    public static async Task<IResult> Chain(string? at, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new OnCallQuery(null, at)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        return Results.Ok(ChainAt(board, Parse.Instant(at) ?? clock.GetCurrentInstant()));
    }

    /// <summary>How far ahead GET /on-call/chain/ahead works the chain out: far more than crisis intake's refresh.</summary>
    public static readonly Duration Ahead = Duration.FromHours(2);

    /// <summary>GET /on-call/chain/ahead?at=: the chain from then (now if left out) for <see cref="Ahead"/>, as spans.</summary>
    public static async Task<IResult> ChainAhead(string? at, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new OnCallQuery(null, at)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        var from = Parse.Instant(at) ?? clock.GetCurrentInstant();
        return Results.Ok(ChainOver(board, from, from + Ahead));
    }

    /// <summary>
    /// The chain at each instant the coordinators' and duty managers' rotas may change, a span starting wherever it does:
    /// between two of those instants nobody comes on or goes off.
    /// </summary>
    public static OnCallChainAhead ChainOver(RotaBoard board, Instant from, Instant to)
    {
        var onCall = board.Only(r => r.Role is StaffRoles.Coordinator or StaffRoles.DutyManager);
        var spans = new List<OnCallChainSpan>();
        foreach (var at in RotaResolution.ChangePoints(onCall.Rotations, onCall.Overrides, from, to))
        {
            var chain = ChainAt(onCall, at);
            if (spans.Count == 0 || !spans[^1].Chain.SequenceEqual(chain))
            {
                spans.Add(new OnCallChainSpan(at, chain));
            }
        }

        return new OnCallChainAhead(from, to, spans);
    }

    public static IReadOnlyList<OnCallContact> ChainAt(RotaBoard board, Instant at) =>
        board.OnAt(at, StaffRoles.Coordinator)
            .Concat(board.OnAt(at, StaffRoles.DutyManager))
            .Select(x => new OnCallContact(x.Member.Name, x.Member.Phone, x.Member.Role))
            .ToList();
}
