using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas.OnCall;

public sealed record OnCallView(Guid StaffId, string Name, string Phone, string Role, string Kind, Guid RotationId, string Rotation, bool ByOverride);

/// <summary>One link of the chain crisis intake puts emergency callers through: this shape is relied on, keep it.</summary>
public sealed record OnCallContact(string Name, string Phone, string Role);

public static class GetOnCallSlice
{
    public static async Task<IResult> Handle(string? role, string? at, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var instant = at is null ? clock.GetCurrentInstant() : v.Instant("at", at);
        if (role is not null && !StaffRoles.All.Contains(role))
        {
            v.Fail("role", $"One of {string.Join(", ", StaffRoles.All)}.");
        }

        if (!v.Ok)
        {
            return ServiceDefaultsExtensions.ValidationProblem(v.Errors);
        }

        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        return Results.Ok(board.OnAt(instant!.Value, role).Select(x =>
            new OnCallView(x.Member.Id, x.Member.Name, x.Member.Phone, x.Duty.Role, x.Duty.Kind, x.Duty.RotationId, x.Duty.RotationName, x.Duty.OverrideId is not null)));
    }

    /// <summary>GET /on-call/chain?at=: the coordinators on at that instant in rota order, then the duty managers.</summary>
    public static async Task<IResult> Chain(string? at, IQuerySession session, IClock clock, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var instant = at is null ? clock.GetCurrentInstant() : v.Instant("at", at);
        if (!v.Ok)
        {
            return ServiceDefaultsExtensions.ValidationProblem(v.Errors);
        }

        var board = await RotaBoard.LoadAsync(session, cancellationToken);
        return Results.Ok(ChainAt(board, instant!.Value));
    }

    public static IReadOnlyList<OnCallContact> ChainAt(RotaBoard board, Instant at) =>
        board.OnAt(at, StaffRoles.Coordinator)
            .Concat(board.OnAt(at, StaffRoles.DutyManager))
            .Select(x => new OnCallContact(x.Member.Name, x.Member.Phone, x.Member.Role))
            .ToList();
}
