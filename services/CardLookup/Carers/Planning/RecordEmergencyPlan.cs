using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.Contracts.CardLookup;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.Planning;

public sealed record PersonCareRequest(
    Guid? PersonId,
    string? CareNeeds,
    IReadOnlyList<string?>? PersonalCareTasks,
    string? Mobility,
    string? MovingAndHandling,
    string? Communication,
    string? Diet,
    IReadOnlyList<string?>? Allergies,
    IReadOnlyList<string?>? HealthConditions);

/// <summary><c>Times</c> are UK local times of day, "08:00".</summary>
public sealed record MedicationRequest(Guid? PersonId, string? Name, string? Dose, IReadOnlyList<string?>? Times, string? Route, string? WhereKept, string? WhoMayGive);

public sealed record GpRequest(string? Name, string? Practice, string? Phone);

/// <summary>
/// <c>KeepDoorSecrets</c>: true to carry the entry instructions and key-safe code of the version before into this one
/// unchanged (neither may then be given), so a revision written where the secrets are never shown does not drop them.
/// </summary>
public sealed record HomeAccessRequest(string? EntryInstructions, string? KeySafeCode, string? Pets, string? Hazards, string? Accessibility, bool? KeepDoorSecrets = null);

public sealed record KeyItemRequest(string? Item, string? Location);

/// <summary><c>HoldsKey</c>: true when the contact has a key to the home, so cover can get in without the key safe.</summary>
public sealed record EmergencyContactRequest(string? Name, string? Relationship, string? Phone, bool? HoldsKey = null);

/// <summary><c>WorkersNeeded</c>: how many care workers the plan needs at once, 1 or 2 (a two-person transfer); absent is 1.</summary>
public sealed record RecordEmergencyPlanRequest(
    IReadOnlyList<PersonCareRequest>? People,
    IReadOnlyList<MedicationRequest>? Medication,
    IReadOnlyList<string?>? AidsAndEquipment,
    GpRequest? Gp,
    HomeAccessRequest? HomeAccess,
    IReadOnlyList<KeyItemRequest>? KeyItems,
    IReadOnlyList<string?>? RequiredSkills,
    IReadOnlyList<EmergencyContactRequest>? EmergencyContacts,
    string? ReviewDate,
    string? RecordedBy,
    int? WorkersNeeded = null);

public sealed record RecordEmergencyPlan(
    Guid CarerId, EmergencyPlan Plan, DoorSecrets Secrets, IReadOnlyList<string> RequiredSkills, int WorkersNeeded, LocalDate ReviewDate, string RecordedBy, Instant Now);

public sealed record EmergencyPlanRecordedResponse(Guid CarerId, int Version);

/// <summary>What a plan must say before it is stored, against the carer it is for: every person it names must be registered with that carer.</summary>
public sealed class RecordEmergencyPlanValidator : AbstractValidator<RecordEmergencyPlanRequest>
{
    private const string NotCaredFor = "One of the people registered as cared for by this carer: cover is for the named people only.";

    /// <param name="caredFor">The people registered as cared for by the carer.</param>
    /// <param name="today">The day in the UK: the plan's review date is after it.</param>
    public RecordEmergencyPlanValidator(IReadOnlySet<Guid> caredFor, LocalDate today)
    {
        RuleFor(r => r.People).Must(people => people is { Count: > 0 }).WithMessage("The plan covers at least one of the people registered as cared for.");
        RuleFor(r => r.People).Must(people => people is null || people.DistinctBy(p => p.PersonId).Count() == people.Count).WithMessage("Each person appears once.");
        RuleForEach(r => r.People).NotNull().WithMessage("Required.").ChildRules(person =>
        {
            person.RuleFor(p => p.PersonId).Must(id => id is { } personId && caredFor.Contains(personId)).WithMessage(NotCaredFor);
            person.RuleFor(p => p.CareNeeds).RequiredText(4000);
            person.RuleFor(p => p.PersonalCareTasks).Texts();
            person.RuleFor(p => p.Mobility).OptionalText();
            person.RuleFor(p => p.MovingAndHandling).OptionalText();
            person.RuleFor(p => p.Communication).OptionalText();
            person.RuleFor(p => p.Diet).OptionalText();
            person.RuleFor(p => p.Allergies).Texts();
            person.RuleFor(p => p.HealthConditions).Texts();
        });
        RuleForEach(r => r.Medication).NotNull().WithMessage("Required.").ChildRules(medicine =>
        {
            medicine.RuleFor(m => m.PersonId).Must(id => id is { } personId && caredFor.Contains(personId)).WithMessage(NotCaredFor);
            medicine.RuleFor(m => m.Name).RequiredText();
            medicine.RuleFor(m => m.Dose).RequiredText();
            medicine.RuleFor(m => m.Times).Must(times => times is { Count: > 0 }).WithMessage("When it is given, e.g. [\"08:00\", \"20:00\"].");
            medicine.RuleForEach(m => m.Times).Must(time => RecordEmergencyPlanSlice.TimeOfDay(time) is not null).WithMessage("A time of day such as 08:00.");
            medicine.RuleFor(m => m.Route).RequiredText();
            medicine.RuleFor(m => m.WhereKept).RequiredText();
            medicine.RuleFor(m => m.WhoMayGive).RequiredText();
        });
        RuleFor(r => r.AidsAndEquipment).Texts();
        RuleFor(r => r.Gp!).NotNull().WithMessage("Required.").ChildRules(gp =>
        {
            gp.RuleFor(g => g.Name).RequiredText();
            gp.RuleFor(g => g.Practice).RequiredText();
            gp.RuleFor(g => g.Phone).UkPhone();
        });
        RuleFor(r => r.HomeAccess!).ChildRules(access =>
        {
            access.RuleFor(a => a.EntryInstructions).OptionalText();
            access.RuleFor(a => a.KeySafeCode).OptionalText(20);
            access.RuleFor(a => a.Pets).OptionalText();
            access.RuleFor(a => a.Hazards).OptionalText();
            access.RuleFor(a => a.Accessibility).OptionalText();
            access.RuleFor(a => a.KeepDoorSecrets)
                .Must((a, keep) => keep != true || (string.IsNullOrWhiteSpace(a.EntryInstructions) && string.IsNullOrWhiteSpace(a.KeySafeCode)))
                .WithMessage("Either keep the entry instructions and key-safe code as they are, or give new ones, not both.");
        });
        RuleForEach(r => r.KeyItems).NotNull().WithMessage("Required.").ChildRules(item =>
        {
            item.RuleFor(k => k.Item).RequiredText();
            item.RuleFor(k => k.Location).RequiredText();
        });
        RuleForEach(r => r.RequiredSkills).OneOf(Skills.All);
        RuleFor(r => r.EmergencyContacts).Must(contacts => contacts is { Count: > 0 })
            .WithMessage("At least one family member or friend who can step in, in the order to call them.");
        RuleForEach(r => r.EmergencyContacts).NotNull().WithMessage("Required.").ChildRules(contact =>
        {
            contact.RuleFor(c => c.Name).RequiredText();
            contact.RuleFor(c => c.Relationship).RequiredText(50);
            contact.RuleFor(c => c.Phone).UkPhone();
        });
        RuleFor(r => r.WorkersNeeded).Must(workers => workers is null or 1 or 2).WithMessage("1, or 2 for a two-person transfer.");
        RuleFor(r => r.ReviewDate).Cascade(CascadeMode.Stop)
            .IsoDate()
            .Must(date => Parse.Date(date) > today).WithMessage("A review date after today.");
        RuleFor(r => r.RecordedBy).RequiredText();
    }
}

public static class RecordEmergencyPlanSlice
{
    /// <summary>"08:00", or with seconds; null when the text is no time of day.</summary>
    public static LocalTime? TimeOfDay(string? text) => Parse.TimeOfDay(text?.Trim());

    /// <summary>Checks the plan against the carer it is for; returns the command, or every field that was wrong.</summary>
    public static (RecordEmergencyPlan? Command, Dictionary<string, string[]> Errors) Validate(RecordEmergencyPlanRequest request, Carer carer, Instant now)
    {
        var caredFor = carer.CaredFor.Select(p => p.PersonId).ToHashSet();
        if (new RecordEmergencyPlanValidator(caredFor, Ages.Today(now)).Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        var access = request.HomeAccess ?? new HomeAccessRequest(null, null, null, null, null);
        var keySafeCode = Parse.Text(access.KeySafeCode);
        var plan = new EmergencyPlan(
            request.People!.Select(PersonCareOf).ToList(),
            (request.Medication ?? []).Select(MedicationOf).ToList(),
            CardLookupRules.TextsOf(request.AidsAndEquipment),
            new GeneralPractice(Parse.Text(request.Gp!.Name)!, Parse.Text(request.Gp.Practice)!, UkPhoneNumbers.ToE164(request.Gp.Phone)!),
            new HomeAccess(keySafeCode is not null, Parse.Text(access.Pets), Parse.Text(access.Hazards), Parse.Text(access.Accessibility)),
            (request.KeyItems ?? []).Select(k => new KeyItem(Parse.Text(k.Item)!, Parse.Text(k.Location)!)).ToList(),
            request.EmergencyContacts!.Select((c, i) => new EmergencyContact(i + 1, Parse.Text(c.Name)!, Parse.Text(c.Relationship)!, UkPhoneNumbers.ToE164(c.Phone)!, c.HoldsKey == true)).ToList());
        var secrets = new DoorSecrets(Parse.Text(access.EntryInstructions), keySafeCode);
        var skills = (request.RequiredSkills ?? []).Select(skill => Parse.Word(skill!)).Distinct().ToList();
        return (new RecordEmergencyPlan(carer.Id, plan, secrets, skills, request.WorkersNeeded ?? 1, Parse.Date(request.ReviewDate)!.Value, Parse.Text(request.RecordedBy)!, now), []);
    }

    /// <summary>
    /// A plan is the result of an assessment, so the first one needs an assessment done; later versions revise it. The
    /// plan and the door secrets are sealed with the carer's key; the outline, a coarse location and what readiness needs
    /// stay in clear.
    /// </summary>
    public static EmergencyPlanRecorded Decide(RecordEmergencyPlan command, OpenedCarer carer, SubjectKey key) =>
        carer.Assessments.Any(a => a.Done)
            ? new EmergencyPlanRecorded(
                command.CarerId,
                carer.Stored.PlanVersion + 1,
                new PlanOutline(command.Plan.People.Select(p => p.PersonId).ToList(), command.RequiredSkills, command.ReviewDate, command.WorkersNeeded),
                key.Seal(command.Plan),
                key.Seal(command.Secrets),
                CoverLocation.Coarse(carer.Nation, carer.Area, carer.Address.Latitude, carer.Address.Longitude),
                command.RecordedBy,
                command.Now,
                KeyAccessOnFile(command.Plan, command.Secrets),
                command.Plan.EmergencyContacts.Count,
                ConfirmationCarriedOver(command.Plan, carer.Stored, key))
            : throw new DomainRuleViolated("Record the assessment as done before recording the emergency plan it produced.");

    /// <summary>Cover can get in: a key safe whose code is recorded, or a contact who holds a key.</summary>
    public static bool KeyAccessOnFile(EmergencyPlan plan, DoorSecrets secrets) =>
        (plan.HomeAccess.KeySafeFitted && !string.IsNullOrWhiteSpace(secrets.KeySafeCode)) || plan.EmergencyContacts.Any(c => c.HoldsKey);

    /// <summary>
    /// A confirmation is of phone numbers, not of a version: it still holds when the new version's contacts have the same
    /// numbers as the version confirmed (names, order and who holds a key may change), and lapses when any number differs.
    /// </summary>
    private static Instant? ConfirmationCarriedOver(EmergencyPlan plan, Carer carer, SubjectKey key) =>
        carer.ContactsConfirmed is { } last && NumbersOf(plan).SetEquals(NumbersOf(key.Open(last.PlanConfirmed))) ? last.ConfirmedAt : null;

    private static HashSet<string> NumbersOf(EmergencyPlan plan) => plan.EmergencyContacts.Select(c => c.Phone).ToHashSet(StringComparer.Ordinal);

    public static async Task<IResult> Handle(
        Guid carerId, RecordEmergencyPlanRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Carer>(carerId, cancellationToken);
        if (stream.Aggregate is not { } carer)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        var (command, errors) = Validate(request, carer, clock.GetCurrentInstant());
        if (command is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        try
        {
            var key = await CarerKeys.ForWritingAsync(carer, vault, session, cancellationToken);
            if (request.HomeAccess?.KeepDoorSecrets == true)
            {
                command = await WithPreviousDoorSecretsAsync(command, session, key, cancellationToken);
            }

            var recorded = Decide(command, OpenedCarer.Open(carer, key), key);
            stream.AppendOne(recorded);
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
            return Results.Ok(new EmergencyPlanRecordedResponse(carerId, recorded.Version));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }

    private static async Task<RecordEmergencyPlan> WithPreviousDoorSecretsAsync(
        RecordEmergencyPlan command, IDocumentSession session, SubjectKey key, CancellationToken cancellationToken)
    {
        var previous = (await session.Events.FetchStreamAsync(command.CarerId, token: cancellationToken))
            .Select(e => e.Data).OfType<EmergencyPlanRecorded>().LastOrDefault() is { } latest
            ? key.Open(latest.Secrets)
            : new DoorSecrets(null, null);
        return command with
        {
            Secrets = previous,
            Plan = command.Plan with { HomeAccess = command.Plan.HomeAccess with { KeySafeFitted = previous.KeySafeCode is not null } },
        };
    }

    private static PersonCare PersonCareOf(PersonCareRequest person) => new(
        person.PersonId!.Value,
        Parse.Text(person.CareNeeds)!,
        CardLookupRules.TextsOf(person.PersonalCareTasks),
        Parse.Text(person.Mobility),
        Parse.Text(person.MovingAndHandling),
        Parse.Text(person.Communication),
        Parse.Text(person.Diet),
        CardLookupRules.TextsOf(person.Allergies),
        CardLookupRules.TextsOf(person.HealthConditions));

    private static Medication MedicationOf(MedicationRequest medicine) => new(
        medicine.PersonId!.Value,
        Parse.Text(medicine.Name)!,
        Parse.Text(medicine.Dose)!,
        medicine.Times!.Select(time => TimeOfDay(time)!.Value).ToList(),
        Parse.Text(medicine.Route)!,
        Parse.Text(medicine.WhereKept)!,
        Parse.Text(medicine.WhoMayGive)!);
}
