using System.Collections.Concurrent;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas;

/// <summary>Every rotation with its overrides and everyone on the register: small enough to read whole for each question.</summary>
public sealed record RotaBoard(IReadOnlyList<Rotation> Rotations, IReadOnlyDictionary<Guid, StaffMember> Staff)
{
    public IReadOnlyList<RotaOverride> Overrides { get; } = Rotations.SelectMany(r => r.Overrides).ToList();

    private readonly Lazy<IReadOnlyDictionary<string, StaffMember>> byPhone = new(() => Staff.Values.DistinctBy(s => s.Phone).ToDictionary(s => s.Phone));

    private readonly Lazy<RotasInOrder> inOrder = new(() => new RotasInOrder(Rotations, Rotations.SelectMany(r => r.Overrides)));

    /// <summary>Each role's rotations alone: a rotation puts on people of its own role, so who of a role is on is theirs to say.</summary>
    private readonly ConcurrentDictionary<string, RotasInOrder> byRole = new(StringComparer.Ordinal);

    /// <summary>Every rotation in rota order, worked out once for the board (kept until a rota or the register changes).</summary>
    public RotasInOrder InOrder => inOrder.Value;

    /// <summary>Who has this number (E.164) on the register as the board was read.</summary>
    public StaffMember? WithPhone(string phone) => byPhone.Value.GetValueOrDefault(phone);

    /// <summary>The board as last read, or read afresh when a rota or the register changed since (see <see cref="KeptRotaBoards"/>).</summary>
    public static Task<RotaBoard> LoadAsync(IQuerySession session, CancellationToken cancellationToken) =>
        KeptRotaBoards.For(session.DocumentStore).GetAsync(() => ReadAsync(session, cancellationToken));

    private static async Task<RotaBoard> ReadAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var rotations = await session.Query<Rotation>().ToListAsync(cancellationToken);
        var staff = await session.Query<StaffMember>().ToListAsync(cancellationToken);
        return new RotaBoard(rotations, staff.ToDictionary(s => s.Id));
    }

    /// <summary>
    /// The board of the rotations <paramref name="keep"/> keeps, with their overrides: each rotation puts one person on by
    /// itself, so a question about some people or roles can be asked of their rotations alone.
    /// </summary>
    public RotaBoard Only(Func<Rotation, bool> keep) => new([.. Rotations.Where(keep)], Staff);

    /// <summary>Active people on duty at <paramref name="at"/>, first appearance only, in rota order.</summary>
    public IReadOnlyList<(OnDuty Duty, StaffMember Member)> OnAt(Instant at, string? role = null) =>
        (role is null ? InOrder : byRole.GetOrAdd(role, r => Only(x => x.Role == r).InOrder))
            .WhoIsOn(at)
            .Select(d => (Duty: d, Member: Staff.GetValueOrDefault(d.StaffId)))
            .Where(x => x.Member is { Active: true })
            .DistinctBy(x => x.Duty.StaffId)
            .Select(x => (x.Duty, x.Member!))
            .ToList();

    /// <summary>Everyone's duty over [from, to), for asking of many workers at once.</summary>
    public DutyWindow DutiesBetween(Instant from, Instant to) => DutyWindow.Between(InOrder, from, to);
}
