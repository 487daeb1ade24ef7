using System.Security.Claims;
using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Staff.Renewing;

public sealed record ExpiryRequest(string? ExpiresOn);

/// <summary>PUT /staff/{id}/dbs-check: a renewed DBS check (or a corrected date). An expiry alert for the old date resolves.</summary>
public static class RecordDbsCheckSlice
{
    public static IReadOnlyList<object> Decide(StaffMember member, LocalDate expiresOn, string by, Instant now) =>
        member.DbsCheckExpiresOn == expiresOn ? [] : [new DbsCheckRecorded(member.Id, expiresOn, by, now)];

    public static async Task<IResult> Handle(Guid id, ExpiryRequest? request, ClaimsPrincipal user, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var expiresOn = v.Date("expiresOn", request?.ExpiresOn, required: true);
        if (!v.Ok)
        {
            return ServiceDefaultsExtensions.ValidationProblem(v.Errors);
        }

        var stream = await session.Events.FetchForWriting<StaffMember>(id, cancellationToken);
        if (stream.Aggregate is not { } member)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No staff member {id}.");
        }

        foreach (var e in Decide(member, expiresOn!.Value, Caller.NameOf(user), clock.GetCurrentInstant()))
        {
            session.CarryTraceContext();
            stream.AppendOne(e);
            member = member.Apply((DbsCheckRecorded)e);
        }

        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(member);
    }
}
