using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
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

public static class RegisterStaffSlice
{
    /// <summary>Checks a registration; returns the event to store, or every field that was wrong.</summary>
    public static (StaffRegistered? Registered, Dictionary<string, string[]> Errors) Validate(RegisterStaffRequest request, Guid staffId, Instant now)
    {
        var v = new Validation();
        var name = v.Required("name", request.Name);
        var phone = UkPhoneNumbers.MobileToE164(request.Phone);
        if (phone is null)
        {
            v.Fail("phone", "A UK mobile number that can receive SMS, e.g. 07700 900123 or +447700900123.");
        }

        var role = request.Role?.Trim().ToLowerInvariant();
        if (role is null || !StaffRoles.All.Contains(role))
        {
            v.Fail("role", $"One of {string.Join(", ", StaffRoles.All)}.");
        }

        var skills = (request.Skills ?? []).Select(s => s?.Trim().ToLowerInvariant() ?? "").ToList();
        for (var i = 0; i < skills.Count; i++)
        {
            if (!Skills.All.Contains(skills[i]))
            {
                v.Fail($"skills[{i}]", $"Not a known skill; one of {string.Join(", ", Skills.All)}.");
            }
        }

        if (skills.Distinct().Count() != skills.Count)
        {
            v.Fail("skills", "Each skill once.");
        }

        var training = new List<Training>();
        var requests = request.Training ?? [];
        for (var i = 0; i < requests.Count; i++)
        {
            var skill = requests[i]?.Skill?.Trim().ToLowerInvariant();
            if (skill is null || !Skills.All.Contains(skill))
            {
                v.Fail($"training[{i}].skill", $"The skill the training is for; one of {string.Join(", ", Skills.All)}.");
            }

            var expires = v.Date($"training[{i}].expiresOn", requests[i]?.ExpiresOn, required: true);
            if (skill is not null && expires is { } date)
            {
                training.Add(new Training(skill, date));
            }
        }

        var isCareWorker = role == StaffRoles.CareWorker;
        var dbs = v.Date("dbsCheckExpiresOn", request.DbsCheckExpiresOn, required: isCareWorker);

        var languages = (request.Languages ?? ["en"]).Select(l => l?.Trim().ToLowerInvariant() ?? "").ToList();
        for (var i = 0; i < languages.Count; i++)
        {
            if (languages[i].Length is < 2 or > 35 || !languages[i].All(c => char.IsAsciiLetterLower(c) || c == '-'))
            {
                v.Fail($"languages[{i}]", "A language tag such as en, cy, pl or pa.");
            }
        }

        Location? homeBase = null;
        if (request.HomeBase is null)
        {
            if (isCareWorker)
            {
                v.Fail("homeBase", "Required for care workers: latitude and longitude of where they set out from.");
            }
        }
        else
        {
            if (request.HomeBase.Latitude is not (>= -90 and <= 90))
            {
                v.Fail("homeBase.latitude", "Degrees between -90 and 90.");
            }

            if (request.HomeBase.Longitude is not (>= -180 and <= 180))
            {
                v.Fail("homeBase.longitude", "Degrees between -180 and 180.");
            }

            if (request.HomeBase is { Latitude: { } lat, Longitude: { } lon })
            {
                homeBase = new Location(lat, lon);
            }
        }

        var by = v.Required("registeredBy", request.RegisteredBy);
        return v.Ok
            ? (new StaffRegistered(staffId, name!, phone!, role!, skills, training, dbs, languages, homeBase, request.Active ?? true, by!, now), v.Errors)
            : (null, v.Errors);
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
