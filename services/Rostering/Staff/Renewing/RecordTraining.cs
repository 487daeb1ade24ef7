using System.Security.Claims;
using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Staff.Renewing;

/// <summary>PUT /staff/{id}/training/{skill}: renewed training in one skill (or a corrected date), replacing earlier records of it.</summary>
public static class RecordTrainingSlice
{
    public static IReadOnlyList<object> Decide(StaffMember member, string skill, LocalDate expiresOn, string by, Instant now) =>
        member.Training.Where(t => t.Skill == skill).Select(t => t.ExpiresOn).ToList() is [var only] && only == expiresOn
            ? []
            : [new TrainingRecorded(member.Id, skill, expiresOn, by, now)];

    public static async Task<IResult> Handle(
        Guid id, string skill, ExpiryRequest? request, ClaimsPrincipal user, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var known = skill.Trim().ToLowerInvariant();
        if (!Skills.All.Contains(known))
        {
            v.Fail("skill", $"Not a known skill; one of {string.Join(", ", Skills.All)}.");
        }

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

        foreach (var e in Decide(member, known, expiresOn!.Value, Caller.NameOf(user), clock.GetCurrentInstant()))
        {
            session.CarryTraceContext();
            stream.AppendOne(e);
            member = member.Apply((TrainingRecorded)e);
        }

        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(member);
    }
}
