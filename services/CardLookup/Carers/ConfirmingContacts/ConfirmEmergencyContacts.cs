using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.ConfirmingContacts;

/// <summary><c>PlanVersion</c>: the plan version whose contacts were reached; <c>How</c>: "phoned", "in-person" or "sms-reply".</summary>
public sealed record ConfirmEmergencyContactsRequest(int? PlanVersion, string? How);

public sealed record ConfirmEmergencyContacts(Guid CarerId, int PlanVersion, ConfirmationMethod How, string ConfirmedBy, Instant Now);

/// <summary>The confirmation as the register shows it; <c>How</c> in the words the request uses.</summary>
public sealed record ContactsConfirmationView(int PlanVersion, string How, Instant ConfirmedAt)
{
    public static ContactsConfirmationView? Of(ContactsConfirmation? confirmation) =>
        confirmation is null ? null : new(confirmation.PlanVersion, ConfirmEmergencyContactsSlice.Word(confirmation.How), confirmation.ConfirmedAt);
}

public sealed class ConfirmEmergencyContactsValidator : AbstractValidator<ConfirmEmergencyContactsRequest>
{
    public ConfirmEmergencyContactsValidator()
    {
        RuleFor(r => r.PlanVersion).Must(version => version is >= 1).WithMessage("The version of the plan whose contacts were reached, e.g. 2.");
        RuleFor(r => r.How).Must(how => ConfirmEmergencyContactsSlice.Method(how) is not null)
            .WithMessage($"One of {string.Join(", ", Enum.GetValues<ConfirmationMethod>().Select(ConfirmEmergencyContactsSlice.Word))}.");
    }
}

public static class ConfirmEmergencyContactsSlice
{
    private static readonly ConfirmEmergencyContactsValidator Validator = new();

    /// <summary>"in-person" or "InPerson"; null when it is none of the ways.</summary>
    public static ConfirmationMethod? Method(string? text) => Parse.Enum<ConfirmationMethod>(text?.Replace("-", "", StringComparison.Ordinal));

    public static string Word(ConfirmationMethod how) => how switch
    {
        ConfirmationMethod.InPerson => "in-person",
        ConfirmationMethod.SmsReply => "sms-reply",
        _ => "phoned",
    };

    public static (ConfirmEmergencyContacts? Command, Dictionary<string, string[]> Errors) Validate(
        ConfirmEmergencyContactsRequest request, Guid carerId, string confirmedBy, Instant now) =>
        Validator.Validate(request) is { IsValid: false } invalid
            ? (null, invalid.Fields())
            : (new ConfirmEmergencyContacts(carerId, request.PlanVersion!.Value, Method(request.How)!.Value, confirmedBy, now), []);

    /// <summary>
    /// Only the contacts of the plan as it stands can be confirmed: confirming an older version would vouch for numbers
    /// the plan may no longer give.
    /// </summary>
    public static EmergencyContactsConfirmed Decide(ConfirmEmergencyContacts command, OpenedCarer carer) => carer switch
    {
        { Plan: null } => throw new DomainRuleViolated("No emergency plan has been recorded yet: there are no contacts to confirm."),
        _ when command.PlanVersion != carer.Stored.PlanVersion => throw new DomainRuleViolated(
            $"Plan version {command.PlanVersion} is not the latest: confirm the contacts of version {carer.Stored.PlanVersion} as it gives them."),
        { Plan.EmergencyContacts.Count: 0 } => throw new DomainRuleViolated($"Plan version {command.PlanVersion} has no emergency contacts to confirm."),
        _ => new EmergencyContactsConfirmed(command.CarerId, command.PlanVersion, command.How, command.ConfirmedBy, command.Now),
    };

    public static async Task<IResult> Handle(
        Guid carerId, ConfirmEmergencyContactsRequest request, HttpContext http, IDocumentSession session, PersonalDataVault vault, IClock clock,
        CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, carerId, http.User.Identity?.Name ?? "unknown", clock.GetCurrentInstant());
        if (command is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var stream = await session.Events.FetchForWriting<Carer>(carerId, cancellationToken);
        if (stream.Aggregate is not { } carer)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        try
        {
            var key = await CarerKeys.ForWritingAsync(carer, vault, session, cancellationToken);
            var confirmed = Decide(command, OpenedCarer.Open(carer, key));
            stream.AppendOne(confirmed);
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
            return Results.Ok(new ContactsConfirmationView(confirmed.PlanVersion, Word(confirmed.How), confirmed.ConfirmedAt));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }
}
