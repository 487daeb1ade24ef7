using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Privacy;
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

public static class RegisterCarerSlice
{
    // Latitude and longitude of the UK with a margin: Scilly to Shetland, Northern Ireland to Lowestoft.
    private const double SouthLimit = 49.5, NorthLimit = 61.0, WestLimit = -8.8, EastLimit = 2.0;

    public static (RegisterCarer? Command, FieldErrors Errors) Validate(RegisterCarerRequest request, Guid carerId, Instant now)
    {
        var errors = new FieldErrors();
        var first = errors.Required("firstName", request.FirstName, 100);
        var last = errors.Required("lastName", request.LastName, 100);
        var dateOfBirth = errors.Date("dateOfBirth", request.DateOfBirth);
        if (!errors.Fields.Contains("dateOfBirth") && (dateOfBirth > Ages.Today(now) || dateOfBirth.Year < 1900))
        {
            errors.Add("dateOfBirth", "A date of birth in the past.");
        }

        var address = ValidateAddress(errors, request.Address);
        var phones = ValidatePhones(errors, request.Phones);
        var language = errors.Required("preferredLanguage", request.PreferredLanguage, 50);
        var hubReference = errors.Required("hubReference", request.HubReference, 50);
        if (request.ConsentToSharePlan is null)
        {
            errors.Add("consentToSharePlan", "Required: true or false, as the carer said.");
        }

        var by = errors.Required("registeredBy", request.RegisteredBy, 200);
        if (errors.Any)
        {
            return (null, errors);
        }

        return (new RegisterCarer(
            carerId, new CarerDetails(new PersonName(first, last), dateOfBirth, address!, phones, language, hubReference),
            request.ConsentToSharePlan!.Value, by, now), errors);
    }

    public static Address? ValidateAddress(FieldErrors errors, AddressRequest? request)
    {
        if (request is null)
        {
            errors.Add("address", "Required.");
            return null;
        }

        var line1 = errors.Required("address.line1", request.Line1, 200);
        var line2 = errors.Optional("address.line2", request.Line2, 200);
        var town = errors.Required("address.town", request.Town, 100);
        var postcode = Postcodes.Normalise(request.Postcode);
        if (postcode is null)
        {
            errors.Add("address.postcode", "A UK postcode, such as LS6 2AB.");
        }

        if (request.Latitude is not (>= SouthLimit and <= NorthLimit))
        {
            errors.Add("address.latitude", "The home's latitude in the UK, e.g. 53.8.");
        }

        if (request.Longitude is not (>= WestLimit and <= EastLimit))
        {
            errors.Add("address.longitude", "The home's longitude in the UK, e.g. -1.55.");
        }

        return postcode is null || request.Latitude is null || request.Longitude is null
            ? null
            : new Address(line1, line2, town, postcode, request.Latitude.Value, request.Longitude.Value);
    }

    private static List<Phone> ValidatePhones(FieldErrors errors, IReadOnlyList<PhoneRequest>? requests)
    {
        if (requests is not { Count: > 0 })
        {
            errors.Add("phones", "At least one phone number.");
            return [];
        }

        if (requests.Count > 5)
        {
            errors.Add("phones", "At most 5 phone numbers.");
        }

        var phones = new List<Phone>();
        for (var i = 0; i < requests.Count; i++)
        {
            var label = errors.Optional($"phones[{i}].label", requests[i].Label, 30) ?? "phone";
            if (UkPhoneNumbers.ToE164(requests[i].Number) is { } number)
            {
                phones.Add(new Phone(label, number));
            }
            else
            {
                errors.Add($"phones[{i}].number", $"A phone number that can be dialled, e.g. {UkPhoneNumbers.Example}.");
            }
        }

        return phones;
    }

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
            return errors.ToProblem();
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
