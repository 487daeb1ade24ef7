using System.Security.Claims;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Staff.Deactivating;

/// <summary>POST /staff/{id}/reactivate: back on the register; ranked again from the next search.</summary>
public static class ReactivateStaffSlice
{
    public static IReadOnlyList<object> Decide(StaffMember member, string by, Instant now) =>
        member.Active ? [] : [new StaffReactivated(member.Id, by, now)];

    public static async Task<IResult> Handle(Guid id, ClaimsPrincipal user, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<StaffMember>(id, cancellationToken);
        if (stream.Aggregate is not { } member)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No staff member {id}.");
        }

        foreach (var e in Decide(member, Caller.NameOf(user), clock.GetCurrentInstant()))
        {
            session.CarryTraceContext();
            stream.AppendOne(e);
            member = member.Apply((StaffReactivated)e);
        }

        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(member);
    }
}
