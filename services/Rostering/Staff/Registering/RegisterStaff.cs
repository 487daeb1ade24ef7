using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using JasperFx;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Staff.Registering;

public sealed record TrainingRequest(string? Skill, string? ExpiresOn);

public sealed record LocationRequest(double? Latitude, double? Longitude);

public sealed record RegisterStaffRequest(
    string? Name,
    string? Phone,
    string? Role,
    IReadOnlyList<string>? Skills,
    IReadOnlyList<TrainingRequest>? Training,
    string? DbsCheckExpiresOn,
    IReadOnlyList<string>? Languages,
    LocationRequest? HomeBase,
    bool? Active,
    string? RegisteredBy);

/// <summary>What a registration must say before it is stored; every wrong field is named at once.</summary>
public sealed class RegisterStaffValidator : AbstractValidator<RegisterStaffRequest>
{
    public RegisterStaffValidator()
    {
        RuleFor(r => r.Name).RequiredText();
        RuleFor(r => r.Phone).UkMobile();
        RuleFor(r => r.Role).OneOf(StaffRoles.All);
        RuleForEach(r => r.Skills).OneOf(Skills.All, lead: "Not a known skill; ");
        RuleFor(r => r.Skills).Must(skills => skills!.Select(Parse.Word).Distinct().Count() == skills!.Count)
            .When(r => r.Skills is not null && r.Skills.All(s => s is not null)).WithMessage("Each skill once.");
        RuleForEach(r => r.Training).NotNull().WithMessage("Required.").ChildRules(training =>
        {
            training.RuleFor(t => t.Skill).OneOf(Skills.All, lead: "The skill the training is for; ");
            training.RuleFor(t => t.ExpiresOn).IsoDate();
        });
        RuleFor(r => r.DbsCheckExpiresOn).IsoDate(required: false).Unless(IsCareWorker);
        RuleFor(r => r.DbsCheckExpiresOn).IsoDate().When(IsCareWorker);
        RuleForEach(r => r.Languages).Must(tag => Parse.Word(tag ?? "") is { Length: >= 2 and <= 35 } word && word.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            .WithMessage("A language tag such as en, cy, pl or pa.");
        RuleFor(r => r.HomeBase).NotNull().When(IsCareWorker)
            .WithMessage("Required for care workers: latitude and longitude of where they set out from.");
        RuleFor(r => r.HomeBase!.Latitude).Must(degrees => degrees is >= -90 and <= 90).When(r => r.HomeBase is not null)
            .WithMessage("Degrees between -90 and 90.");
        RuleFor(r => r.HomeBase!.Longitude).Must(degrees => degrees is >= -180 and <= 180).When(r => r.HomeBase is not null)
            .WithMessage("Degrees between -180 and 180.");
        RuleFor(r => r.RegisteredBy).RequiredText();
    }

    private static bool IsCareWorker(RegisterStaffRequest request) => request.Role is { } role && Parse.Word(role) == StaffRoles.CareWorker;
}

public static class RegisterStaffSlice
{
    private static readonly RegisterStaffValidator Validator = new();

    /// <summary>Checks a registration; returns the event to store, or every field that was wrong.</summary>
    public static (StaffRegistered? Registered, Dictionary<string, string[]> Errors) Validate(RegisterStaffRequest request, Guid staffId, Instant now)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        var training = (request.Training ?? []).Select(t => new Training(Parse.Word(t.Skill!), Parse.Date(t.ExpiresOn)!.Value)).ToList();
        var homeBase = request.HomeBase is { Latitude: { } lat, Longitude: { } lon } ? new Location(lat, lon) : null;
        return (new StaffRegistered(
            staffId, Parse.Text(request.Name)!, UkPhoneNumbers.MobileToE164(request.Phone)!, Parse.Word(request.Role!),
            (request.Skills ?? []).Select(Parse.Word).ToList(), training, Parse.Date(request.DbsCheckExpiresOn),
            (request.Languages ?? ["en"]).Select(Parse.Word).ToList(), homeBase, request.Active ?? true, Parse.Text(request.RegisteredBy)!, now), []);
    }

    public static async Task<IResult> Handle(RegisterStaffRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var (registered, errors) = Validate(request, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (registered is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        session.CarryTraceContext();
        session.Events.StartStream<StaffMember>(registered.StaffId, registered);
        session.Insert(new StaffPhone(registered.Phone, registered.StaffId));
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Phone number already registered",
                detail: $"{registered.Phone} belongs to someone on the register already; SMS replies must lead to one person.");
        }

        return Results.Created($"/staff/{registered.StaffId}", StaffMember.Create(registered));
    }
}
