using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
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

public sealed class RaisedByValidator : AbstractValidator<RaisedByRequest>
{
    private static readonly string[] Roles = ["coordinator", "care-worker", "supervisor"];

    public RaisedByValidator()
    {
        RuleFor(r => r.Name).RequiredText();
        RuleFor(r => r.Role).OneOf(Roles);
    }
}

public sealed class RaiseConcernValidator : AbstractValidator<RaiseConcernRequest>
{
    /// <summary>A concern that names nobody as raising it is checked as one naming no one, so each missing field is named.</summary>
    private static readonly RaisedByRequest NoOne = new(null, null);

    private static readonly RaisedByValidator RaisedByRules = new();

    public RaiseConcernValidator()
    {
        RuleFor(r => r.RaisedBy ?? NoOne).SetValidator(RaisedByRules).OverridePropertyName(nameof(RaiseConcernRequest.RaisedBy));
        RuleFor(r => r.Subject).OneOf<RaiseConcernRequest, SafeguardingSubject>();
        RuleFor(r => r.Category).OneOf<RaiseConcernRequest, HarmCategory>();
        RuleFor(r => r.Account).RequiredText(8000);
    }
}

/// <summary>A concern already raised under an Idempotency-Key: the same key raises nothing more.</summary>
public sealed record RaisedConcernKey(string Id, Guid ActivationId, Guid ConcernId);

/// <summary>
/// A coordinator or worker raises a safeguarding concern, in the words that were used. It is recorded with the referral
/// route that applies, and the safeguarding lead is paged at once (rostering hears of it through the bus). Sent again with
/// the same Idempotency-Key header (a form submitted twice), it records nothing more and answers as the first time.
/// </summary>
public static class RaiseConcern
{
    private static readonly RaiseConcernValidator Validator = new();

    public static async Task<IResult> Handle(
        Guid id, RaiseConcernRequest request, HttpRequest http, IDocumentSession session, PersonalDataVault vault, IOptions<SafeguardingOptions> options, IClock clock,
        CancellationToken ct)
    {
        var idempotencyKey = http.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 100)
        {
            return Validated.Problem("Idempotency-Key", "At most 100 characters.");
        }

        var keyId = idempotencyKey.Length == 0 ? null : $"{id:N}/{idempotencyKey}";
        if (keyId is not null && await session.LoadAsync<RaisedConcernKey>(keyId, ct) is { } seen)
        {
            return await AlreadyRaisedAsync(session, seen, ct);
        }

        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        // Other services' steps are appended to the activation's stream at any moment.
        return await StreamConflicts.DecideAgainOnConflictAsync(session, () => RaiseAsync(id, request, keyId, session, vault, options.Value, clock, ct), ct);
    }

    private static async Task<IResult> RaiseAsync(
        Guid id, RaiseConcernRequest request, string? keyId, IDocumentSession session, PersonalDataVault vault, SafeguardingOptions options, IClock clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Activation>(id, ct) is not { } activation)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        if (activation.PersonalDataShredded)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This activation's personal data was erased; raise the concern on a new activation.");
        }

        var key = await vault.KeyForWritingAsync(session, ActivationPrivacy.Subject(id), ct);
        var subject = Parse.Enum<SafeguardingSubject>(request.Subject)!.Value;
        var route = options.RouteFor(request.ImmediateDanger, subject, activation.Area);
        var raised = new SafeguardingConcernRaised(
            id, Guid.CreateVersion7(), Parse.Text(request.RaisedBy!.Name)!, Parse.Word(request.RaisedBy.Role!), subject, Parse.Enum<HarmCategory>(request.Category)!.Value,
            key.Seal(request.Account!), request.ImmediateDanger, route, options.Lead.ToContact(), clock.GetCurrentInstant());
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

        return Results.Created($"/activations/{id}/timeline", new { raised.ConcernId, referralRoute = route, lead = options.Lead.ToContact() });
    }

    private static async Task<IResult> AlreadyRaisedAsync(IQuerySession session, RaisedConcernKey seen, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(seen.ActivationId, token: ct);
        var raised = events.Select(e => e.Data).OfType<SafeguardingConcernRaised>().Single(c => c.ConcernId == seen.ConcernId);
        return Results.Ok(new { raised.ConcernId, referralRoute = raised.ReferralRoute, lead = raised.Lead });
    }
}
