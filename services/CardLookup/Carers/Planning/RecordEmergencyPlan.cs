using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.Contracts.CardLookup;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;
using NodaTime.Text;

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

public sealed record HomeAccessRequest(string? EntryInstructions, string? KeySafeCode, string? Pets, string? Hazards, string? Accessibility);

public sealed record KeyItemRequest(string? Item, string? Location);

public sealed record EmergencyContactRequest(string? Name, string? Relationship, string? Phone);

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
    string? RecordedBy);

public sealed record RecordEmergencyPlan(
    Guid CarerId, EmergencyPlan Plan, DoorSecrets Secrets, IReadOnlyList<string> RequiredSkills, LocalDate ReviewDate, string RecordedBy, Instant Now);

public sealed record EmergencyPlanRecordedResponse(Guid CarerId, int Version);

public static class RecordEmergencyPlanSlice
{
    private static readonly LocalTimePattern HoursAndMinutes = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>Checks the plan against the carer it is for: every person it names must be registered with that carer.</summary>
    public static (RecordEmergencyPlan? Command, FieldErrors Errors) Validate(RecordEmergencyPlanRequest request, Carer carer, Instant now)
    {
        var errors = new FieldErrors();
        var registered = carer.CaredFor.Select(p => p.PersonId).ToHashSet();

        var people = new List<PersonCare>();
        if (request.People is not { Count: > 0 })
        {
            errors.Add("people", "The plan covers at least one of the people registered as cared for.");
        }
        else
        {
            for (var i = 0; i < request.People.Count; i++)
            {
                var p = request.People[i];
                var field = $"people[{i}]";
                PersonId(errors, $"{field}.personId", p.PersonId, registered);
                people.Add(new PersonCare(
                    p.PersonId ?? Guid.Empty,
                    errors.Required($"{field}.careNeeds", p.CareNeeds, 4000),
                    errors.Texts($"{field}.personalCareTasks", p.PersonalCareTasks),
                    errors.Optional($"{field}.mobility", p.Mobility),
                    errors.Optional($"{field}.movingAndHandling", p.MovingAndHandling),
                    errors.Optional($"{field}.communication", p.Communication),
                    errors.Optional($"{field}.diet", p.Diet),
                    errors.Texts($"{field}.allergies", p.Allergies),
                    errors.Texts($"{field}.healthConditions", p.HealthConditions)));
            }

            if (people.GroupBy(p => p.PersonId).Any(g => g.Count() > 1))
            {
                errors.Add("people", "Each person appears once.");
            }
        }

        var medication = (request.Medication ?? []).Select((m, i) => Medicine(errors, $"medication[{i}]", m, registered)).ToList();
        var aids = errors.Texts("aidsAndEquipment", request.AidsAndEquipment);
        var gp = request.Gp is null
            ? Missing<GeneralPractice>(errors, "gp")
            : new GeneralPractice(
                errors.Required("gp.name", request.Gp.Name),
                errors.Required("gp.practice", request.Gp.Practice),
                PhoneNumber(errors, "gp.phone", request.Gp.Phone));
        var access = request.HomeAccess ?? new HomeAccessRequest(null, null, null, null, null);
        var keySafeCode = errors.Optional("homeAccess.keySafeCode", access.KeySafeCode, 20);
        var secrets = new DoorSecrets(errors.Optional("homeAccess.entryInstructions", access.EntryInstructions), keySafeCode);
        var homeAccess = new HomeAccess(
            keySafeCode is not null,
            errors.Optional("homeAccess.pets", access.Pets),
            errors.Optional("homeAccess.hazards", access.Hazards),
            errors.Optional("homeAccess.accessibility", access.Accessibility));
        var keyItems = (request.KeyItems ?? [])
            .Select((k, i) => new KeyItem(errors.Required($"keyItems[{i}].item", k.Item), errors.Required($"keyItems[{i}].location", k.Location)))
            .ToList();
        var skills = RequiredSkills(errors, request.RequiredSkills);
        var contacts = EmergencyContacts(errors, request.EmergencyContacts);
        var reviewDate = errors.Date("reviewDate", request.ReviewDate);
        if (!errors.Fields.Contains("reviewDate") && reviewDate <= Ages.Today(now))
        {
            errors.Add("reviewDate", "A review date after today.");
        }

        var by = errors.Required("recordedBy", request.RecordedBy);
        if (errors.Any)
        {
            return (null, errors);
        }

        var plan = new EmergencyPlan(people, medication, aids, gp!, homeAccess, keyItems, contacts);
        return (new RecordEmergencyPlan(carer.Id, plan, secrets, skills, reviewDate, by, now), errors);
    }

    /// <summary>
    /// A plan is the result of an assessment, so the first one needs an assessment done; later versions revise it. The
    /// plan and the door secrets are sealed with the carer's key; the outline and a coarse location stay in clear.
    /// </summary>
    public static EmergencyPlanRecorded Decide(RecordEmergencyPlan command, OpenedCarer carer, SubjectKey key) =>
        carer.Assessments.Any(a => a.Done)
            ? new EmergencyPlanRecorded(
                command.CarerId,
                carer.Stored.PlanVersion + 1,
                new PlanOutline(command.Plan.People.Select(p => p.PersonId).ToList(), command.RequiredSkills, command.ReviewDate),
                key.Seal(command.Plan),
                key.Seal(command.Secrets),
                CoverLocation.Coarse(carer.Nation, carer.Area, carer.Address.Latitude, carer.Address.Longitude),
                command.RecordedBy,
                command.Now)
            : throw new DomainRuleViolated("Record the assessment as done before recording the emergency plan it produced.");

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
            return errors.ToProblem();
        }

        try
        {
            var key = await CarerKeys.ForWritingAsync(carer, vault, session, cancellationToken);
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

    private static void PersonId(FieldErrors errors, string field, Guid? personId, HashSet<Guid> registered)
    {
        if (personId is null || !registered.Contains(personId.Value))
        {
            errors.Add(field, "One of the people registered as cared for by this carer: cover is for the named people only.");
        }
    }

    private static Medication Medicine(FieldErrors errors, string field, MedicationRequest request, HashSet<Guid> registered)
    {
        PersonId(errors, $"{field}.personId", request.PersonId, registered);
        var times = new List<LocalTime>();
        if (request.Times is not { Count: > 0 })
        {
            errors.Add($"{field}.times", "When it is given, e.g. [\"08:00\", \"20:00\"].");
        }
        else
        {
            for (var i = 0; i < request.Times.Count; i++)
            {
                var text = request.Times[i]?.Trim() ?? "";
                var parsed = HoursAndMinutes.Parse(text) is { Success: true } hoursAndMinutes ? hoursAndMinutes : LocalTimePattern.ExtendedIso.Parse(text);
                if (parsed.Success)
                {
                    times.Add(parsed.Value);
                }
                else
                {
                    errors.Add($"{field}.times[{i}]", "A time of day such as 08:00.");
                }
            }
        }

        return new Medication(
            request.PersonId ?? Guid.Empty,
            errors.Required($"{field}.name", request.Name),
            errors.Required($"{field}.dose", request.Dose),
            times,
            errors.Required($"{field}.route", request.Route),
            errors.Required($"{field}.whereKept", request.WhereKept),
            errors.Required($"{field}.whoMayGive", request.WhoMayGive));
    }

    private static List<string> RequiredSkills(FieldErrors errors, IReadOnlyList<string?>? requested)
    {
        var skills = new List<string>();
        for (var i = 0; i < (requested?.Count ?? 0); i++)
        {
            var skill = requested![i]?.Trim().ToLowerInvariant();
            if (skill is null || !Skills.All.Contains(skill))
            {
                errors.Add($"requiredSkills[{i}]", $"One of {string.Join(", ", Skills.All)}.");
            }
            else if (!skills.Contains(skill))
            {
                skills.Add(skill);
            }
        }

        return skills;
    }

    private static List<EmergencyContact> EmergencyContacts(FieldErrors errors, IReadOnlyList<EmergencyContactRequest>? requested)
    {
        if (requested is not { Count: > 0 })
        {
            errors.Add("emergencyContacts", "At least one family member or friend who can step in, in the order to call them.");
            return [];
        }

        return requested.Select((c, i) => new EmergencyContact(
                i + 1,
                errors.Required($"emergencyContacts[{i}].name", c.Name),
                errors.Required($"emergencyContacts[{i}].relationship", c.Relationship, 50),
                PhoneNumber(errors, $"emergencyContacts[{i}].phone", c.Phone)))
            .ToList();
    }

    private static string PhoneNumber(FieldErrors errors, string field, string? text)
    {
        if (UkPhoneNumbers.ToE164(text) is { } number)
        {
            return number;
        }

        errors.Add(field, $"A phone number that can be dialled, e.g. {UkPhoneNumbers.Example}.");
        return "";
    }

    private static T? Missing<T>(FieldErrors errors, string field) where T : class
    {
        errors.Add(field, "Required.");
        return null;
    }
}
