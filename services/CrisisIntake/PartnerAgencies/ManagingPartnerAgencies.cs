using System.Text.RegularExpressions;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.PartnerAgencies;

public sealed record RegisterPartnerAgencyRequest(string? AgencyId, string? Name);

public sealed partial class RegisterPartnerAgencyValidator : AbstractValidator<RegisterPartnerAgencyRequest>
{
    public RegisterPartnerAgencyValidator()
    {
        RuleFor(r => r.AgencyId).Must(id => id is not null && AgencyIdPattern().IsMatch(id))
            .WithMessage("A short id of lower-case letters, digits and dashes (3 to 40), e.g. \"yorkshire-ambulance\".");
        RuleFor(r => r.Name).RequiredText().WithMessage("The agency's name as coordinators should see it (up to 200 characters).");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,39}$")]
    private static partial Regex AgencyIdPattern();
}

/// <summary>Administrators register agencies, rotate their keys and revoke them.</summary>
public static class ManagingPartnerAgencies
{
    private static readonly RegisterPartnerAgencyValidator Validator = new();

    public static async Task<IResult> Register(
        RegisterPartnerAgencyRequest request, IDocumentSession session, IClock clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        if (await session.LoadAsync<PartnerAgency>(request.AgencyId!, cancellationToken) is not null)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Agency {request.AgencyId} is already registered; rotate its key instead.");
        }

        var issued = await IssueKeyAsync(session, request.AgencyId!, Parse.Text(request.Name)!, clock.GetCurrentInstant(), By(http), cancellationToken);
        return Results.Created($"/partner-agencies/{issued.AgencyId}", issued);
    }

    public static async Task<IResult> RotateKey(string agencyId, IDocumentSession session, IClock clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<PartnerAgency>(agencyId, cancellationToken) is not { } agency)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No agency {agencyId}.");
        }

        return Results.Ok(await IssueKeyAsync(session, agency.Id, agency.Name, clock.GetCurrentInstant(), By(http), cancellationToken));
    }

    public static async Task<IResult> Revoke(string agencyId, IDocumentSession session, IClock clock, HttpContext http, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<PartnerAgency>(agencyId, cancellationToken) is not { } agency)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No agency {agencyId}.");
        }

        if (agency.Active)
        {
            agency = agency with { RevokedAt = clock.GetCurrentInstant(), RevokedBy = By(http) };
            session.Store(agency);
            await session.SaveChangesAsync(cancellationToken);
        }

        return Results.Ok(PartnerAgencyView.From(agency));
    }

    public static async Task<IResult> List(IQuerySession session, CancellationToken cancellationToken)
    {
        var agencies = await session.Query<PartnerAgency>().OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return Results.Ok(agencies.Select(PartnerAgencyView.From));
    }

    /// <summary>A new key replaces the old one at once: the old key stops working on the next request.</summary>
    internal static async Task<IssuedKey> IssueKeyAsync(
        IDocumentSession session, string agencyId, string name, Instant now, string by, CancellationToken cancellationToken)
    {
        var key = ApiKeyHash.NewKey();
        session.Store(new PartnerAgency(agencyId, name, ApiKeyHash.Of(key), now, by));
        await session.SaveChangesAsync(cancellationToken);
        return new IssuedKey(agencyId, name, key, now);
    }

    private static string By(HttpContext http) => http.User.Identity?.Name ?? "unknown";
}

/// <summary>Finds the agency behind a presented key, for the ApiKey sign-in scheme.</summary>
public sealed class PartnerAgencyKeys(IQuerySession session) : IApiKeyStore
{
    public async Task<ApiKeyOwner?> FindAsync(string keyHash, CancellationToken cancellationToken)
    {
        var agency = await session.Query<PartnerAgency>().FirstOrDefaultAsync(a => a.KeyHash == keyHash, cancellationToken);
        return agency is { Active: true } ? new ApiKeyOwner(agency.Id, agency.Name) : null;
    }
}
