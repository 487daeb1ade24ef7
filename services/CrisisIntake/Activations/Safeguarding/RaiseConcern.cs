using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Safeguarding;

public enum SafeguardingSubject
{
    Adult,
    Child,
}

public enum HarmCategory
{
    Physical,
    Emotional,
    Sexual,
    Neglect,
    SelfNeglect,
    Financial,
    DomesticAbuse,
    Discriminatory,
    ModernSlavery,
    Organisational,
    Other,
}

public sealed record RaisedByRequest(string? Name, string? Role);

public sealed record RaiseConcernRequest(RaisedByRequest? RaisedBy, string? Subject, string? Category, string? Account, bool ImmediateDanger);

/// <summary>
/// A coordinator or worker raises a safeguarding concern, in the words that were used. It is recorded with the referral
/// route that applies, and the safeguarding lead is told at once (the message goes out through the bus).
/// </summary>
public static class RaiseConcern
{
    private static readonly string[] Roles = ["coordinator", "care-worker", "supervisor"];

    public static async Task<IResult> Handle(
        Guid id, RaiseConcernRequest request, IDocumentSession session, PersonalDataVault vault, IOptions<SafeguardingOptions> options, IClock clock,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Field.Required(errors, "raisedBy.name", request.RaisedBy?.Name, 200);
        if (request.RaisedBy?.Role is not { } role || !Roles.Contains(role))
        {
            errors["raisedBy.role"] = [$"One of {string.Join(", ", Roles)}."];
        }

        var subject = Field.OneOf<SafeguardingSubject>(errors, "subject", request.Subject);
        var category = Field.OneOf<HarmCategory>(errors, "category", request.Category);
        Field.Required(errors, "account", request.Account, 8000);
        if (errors.Count > 0)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        if (await session.LoadAsync<Activation>(id, ct) is not { } activation)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        if (activation.PersonalDataShredded)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This activation's personal data was erased; raise the concern on a new activation.");
        }

        var key = await vault.KeyForWritingAsync(session, ActivationPrivacy.Subject(id), ct);
        var route = options.Value.RouteFor(request.ImmediateDanger, subject, activation.Area);
        var raised = new SafeguardingConcernRaised(
            id, Guid.CreateVersion7(), request.RaisedBy!.Name!.Trim(), request.RaisedBy.Role!, subject, category,
            key.Seal(request.Account!), request.ImmediateDanger, route, options.Value.Lead.ToContact(), clock.GetCurrentInstant());
        session.CarryTraceContext().Events.Append(id, raised);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/activations/{id}/timeline", new { raised.ConcernId, referralRoute = route, lead = options.Value.Lead.ToContact() });
    }
}
