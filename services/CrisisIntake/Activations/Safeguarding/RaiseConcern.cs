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

/// <summary>A concern already raised under an Idempotency-Key: the same key raises nothing more.</summary>
public sealed record RaisedConcernKey(string Id, Guid ActivationId, Guid ConcernId);

/// <summary>
/// A coordinator or worker raises a safeguarding concern, in the words that were used. It is recorded with the referral
/// route that applies, and the safeguarding lead is paged at once (rostering hears of it through the bus). Sent again with
/// the same Idempotency-Key header (a form submitted twice), it records nothing more and answers as the first time.
/// </summary>
public static class RaiseConcern
{
    private static readonly string[] Roles = ["coordinator", "care-worker", "supervisor"];

    public static async Task<IResult> Handle(
        Guid id, RaiseConcernRequest request, HttpRequest http, IDocumentSession session, PersonalDataVault vault, IOptions<SafeguardingOptions> options, IClock clock,
        CancellationToken ct)
    {
        var idempotencyKey = http.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 100)
        {
            return ServiceDefaultsExtensions.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["At most 100 characters."] });
        }

        var keyId = idempotencyKey.Length == 0 ? null : $"{id:N}/{idempotencyKey}";
        if (keyId is not null && await session.LoadAsync<RaisedConcernKey>(keyId, ct) is { } seen)
        {
            return await AlreadyRaisedAsync(session, seen, ct);
        }

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
        if (keyId is not null)
        {
            session.Insert(new RaisedConcernKey(keyId, id, raised.ConcernId));
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.DocumentAlreadyExistsException) when (keyId is not null)
        {
            // The same request at the same moment: the other one raised it.
            await using var query = session.DocumentStore.QuerySession();
            return await AlreadyRaisedAsync(query, (await query.LoadAsync<RaisedConcernKey>(keyId, ct))!, ct);
        }

        return Results.Created($"/activations/{id}/timeline", new { raised.ConcernId, referralRoute = route, lead = options.Value.Lead.ToContact() });
    }

    private static async Task<IResult> AlreadyRaisedAsync(IQuerySession session, RaisedConcernKey seen, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(seen.ActivationId, token: ct);
        var raised = events.Select(e => e.Data).OfType<SafeguardingConcernRaised>().Single(c => c.ConcernId == seen.ConcernId);
        return Results.Ok(new { raised.ConcernId, referralRoute = raised.ReferralRoute, lead = raised.Lead });
    }
}
