using Marten;

namespace Cers.Dispatch.Rostering.Staff.GettingStaff;

public static class GetStaffSlice
{
    public static async Task<IResult> One(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<StaffMember>(id, cancellationToken) is { } member
            ? Results.Ok(member)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No staff member {id}.");

    public static async Task<IResult> List(string? role, IQuerySession session, CancellationToken cancellationToken)
    {
        var query = session.Query<StaffMember>().AsQueryable();
        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(s => s.Role == role);
        }

        return Results.Ok(await query.OrderBy(s => s.Name).ToListAsync(cancellationToken));
    }
}
