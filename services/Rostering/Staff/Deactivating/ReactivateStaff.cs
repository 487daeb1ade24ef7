using System.Security.Claims;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Staff.Deactivating;

/// <summary>POST /staff/{id}/reactivate: back on the register; ranked again from the next search.</summary>
public static class ReactivateStaffSlice
{
    public static IReadOnlyList<object> Decide(StaffMember member, string by, Instant now) =>
        member.Active ? [] : [new StaffReactivated(member.Id, by, now)];

    public static async Task<IResult> Handle(Guid id, ClaimsPrincipal user, IDocumentStore store, IClock clock, CancellationToken cancellationToken)
    {
        var member = await StaffChanges.StoreAsync<StaffReactivated>(store, id,
            m => Decide(m, Caller.NameOf(user), clock.GetCurrentInstant()), (m, e) => m.Apply(e), cancellationToken);
        return member is null ? StaffChanges.NoSuchMember(id) : Results.Ok(member);
    }
}
