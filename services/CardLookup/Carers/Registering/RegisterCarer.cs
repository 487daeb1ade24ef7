using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.Registering;

public sealed record AddressRequest(string? Line1, string? Line2, string? Town, string? Postcode, double? Latitude, double? Longitude);

public sealed record PhoneRequest(string? Label, string? Number);

public sealed record RegisterCarerRequest(
    string? FirstName,
    string? LastName,
    string? DateOfBirth,
    AddressRequest? Address,
    IReadOnlyList<PhoneRequest>? Phones,
    string? PreferredLanguage,
    string? HubReference,
    bool? ConsentToSharePlan,
    string? RegisteredBy);

public sealed record RegisterCarer(Guid CarerId, CarerDetails Details, bool ConsentToSharePlan, string RegisteredBy, Instant Now)
{
    public string Nation => Postcodes.Nation(Details.Address.Postcode);

    /// <summary>Postcode district and town, e.g. "LS6 Leeds": enough for an SMS to staff without the address.</summary>
    public string Area => $"{Postcodes.District(Details.Address.Postcode)} {Details.Address.Town}";
}

public sealed record CarerRegisteredResponse(Guid CarerId);

public sealed class AddressValidator : AbstractValidator<AddressRequest>
{
    // Latitude and longitude of the UK with a margin: Scilly to Shetland, Northern Ireland to Lowestoft.
    private const double SouthLimit = 49.5, NorthLimit = 61.0, WestLimit = -8.8, EastLimit = 2.0;

    public AddressValidator()
    {
        RuleFor(a => a.Line1).RequiredText();
        RuleFor(a => a.Line2).OptionalText(200);
        RuleFor(a => a.Town).RequiredText(100);
        RuleFor(a => a.Postcode).UkPostcode();
        RuleFor(a => a.Latitude).Must(degrees => degrees is >= SouthLimit and <= NorthLimit).WithMessage("The home's latitude in the UK, e.g. 53.8.");
        RuleFor(a => a.Longitude).Must(degrees => degrees is >= WestLimit and <= EastLimit).WithMessage("The home's longitude in the UK, e.g. -1.55.");
    }
}

public sealed class RegisterCarerValidator : AbstractValidator<RegisterCarerRequest>
{
    private const int MaxPhones = 5;

    /// <param name="today">The day of registration in the UK: a date of birth is before it.</param>
    public RegisterCarerValidator(LocalDate today)
    {
        RuleFor(r => r.FirstName).RequiredText(100);
        RuleFor(r => r.LastName).RequiredText(100);
        RuleFor(r => r.DateOfBirth).Cascade(CascadeMode.Stop)
            .IsoDate()
            .Must(born => Parse.Date(born) is { Year: >= 1900 } date && date <= today).WithMessage("A date of birth in the past.");
        RuleFor(r => r.Address!).NotNull().WithMessage("Required.").SetValidator(new AddressValidator());
        RuleFor(r => r.Phones).Must(phones => phones is { Count: > 0 }).WithMessage("At least one phone number.");
        RuleFor(r => r.Phones).Must(phones => phones is null || phones.Count <= MaxPhones).WithMessage($"At most {MaxPhones} phone numbers.");
        RuleForEach(r => r.Phones).NotNull().WithMessage("Required.").ChildRules(phone =>
        {
            phone.RuleFor(p => p.Label).OptionalText(30);
            phone.RuleFor(p => p.Number).UkPhone();
        });
        RuleFor(r => r.PreferredLanguage).RequiredText(50);
        RuleFor(r => r.HubReference).RequiredText(50);
        RuleFor(r => r.ConsentToSharePlan).NotNull().WithMessage("Required: true or false, as the carer said.");
        RuleFor(r => r.RegisteredBy).RequiredText();
    }
}

public static class RegisterCarerSlice
{
    public static (RegisterCarer? Command, Dictionary<string, string[]> Errors) Validate(RegisterCarerRequest request, Guid carerId, Instant now)
    {
        if (new RegisterCarerValidator(Ages.Today(now)).Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        var details = new CarerDetails(
            new PersonName(Parse.Text(request.FirstName)!, Parse.Text(request.LastName)!),
            Parse.Date(request.DateOfBirth)!.Value,
            AddressOf(request.Address!),
            request.Phones!.Select(p => new Phone(Parse.Text(p.Label) ?? "phone", UkPhoneNumbers.ToE164(p.Number)!)).ToList(),
            Parse.Text(request.PreferredLanguage)!,
            Parse.Text(request.HubReference)!);
        return (new RegisterCarer(carerId, details, request.ConsentToSharePlan!.Value, Parse.Text(request.RegisteredBy)!, now), []);
    }

    private static Address AddressOf(AddressRequest address) => new(
        Parse.Text(address.Line1)!, Parse.Text(address.Line2), Parse.Text(address.Town)!, Postcodes.Normalise(address.Postcode)!,
        address.Latitude!.Value, address.Longitude!.Value);

    /// <param name="key">The new carer's data key: everything identifying is sealed with it before it is stored.</param>
    public static CarerRegistered Decide(RegisterCarer command, bool hubReferenceTaken, SubjectKey key) =>
        hubReferenceTaken
            ? throw new DomainRuleViolated($"A carer with hub reference {command.Details.HubReference} is already registered.")
            : new CarerRegistered(
                command.CarerId, key.Seal(command.Details), command.Nation, command.Area, command.ConsentToSharePlan, command.RegisteredBy, command.Now);

    public static async Task<IResult> Handle(
        RegisterCarerRequest request, IDocumentSession session, PersonalDataVault vault, BlindIndex index, IClock clock, CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (command is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var (search, reference) = CarerIndexes.For(index, command.CarerId, command.Details);
        var taken = await session.LoadAsync<HubReferenceEntry>(reference.Id, cancellationToken) is not null;
        try
        {
            var registered = Decide(command, taken, await vault.KeyForWritingAsync(session, OpenedCarer.KeySubject(command.CarerId), cancellationToken));
            session.CarryTraceContext().Events.StartStream<Carer>(registered.CarerId, registered);
            session.Insert(reference);
            session.Insert(search);
            await session.SaveChangesAsync(cancellationToken);
            return Results.Created($"/carers/{registered.CarerId}", new CarerRegisteredResponse(registered.CarerId));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // Two registrations with one hub reference at the same moment: the index row lets only one in.
            return Problems.Conflict(new DomainRuleViolated($"A carer with hub reference {command.Details.HubReference} is already registered."));
        }
    }
}
