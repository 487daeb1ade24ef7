using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.Rotas.Creating;

public sealed record CreateRotationRequest(
    string? Name,
    string? Role,
    string? Kind,
    IReadOnlyList<Guid>? Participants,
    string? StartsAt,
    int? TurnDays,
    int? TurnHours,
    string? WindowFrom,
    string? WindowTo,
    int? Priority,
    string? CreatedBy);

public static class CreateRotationSlice
{
    private static readonly LocalTimePattern HoursAndMinutes = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static (RotationCreated? Created, Dictionary<string, string[]> Errors) Validate(
        CreateRotationRequest request, IReadOnlyDictionary<Guid, StaffMember> staff, Guid rotationId, Instant now)
    {
        var v = new Validation();
        var name = v.Required("name", request.Name);
        var role = request.Role?.Trim().ToLowerInvariant();
        if (role is null || !StaffRoles.All.Contains(role))
        {
            v.Fail("role", $"One of {string.Join(", ", StaffRoles.All)}.");
        }

        var kind = request.Kind?.Trim().ToLowerInvariant();
        if (kind is null || !RotationKinds.All.Contains(kind))
        {
            v.Fail("kind", $"One of {string.Join(", ", RotationKinds.All)}.");
        }

        var participants = request.Participants ?? [];
        if (participants.Count == 0)
        {
            v.Fail("participants", "At least one person, in turn order.");
        }

        for (var i = 0; i < participants.Count; i++)
        {
            if (!staff.TryGetValue(participants[i], out var member))
            {
                v.Fail($"participants[{i}]", "No such staff member.");
            }
            else if (role is not null && member.Role != role)
            {
                v.Fail($"participants[{i}]", $"{member.Name} is a {member.Role}, not a {role}.");
            }
        }

        LocalDateTime? startsAt = null;
        var parsedStart = request.StartsAt is null ? null : LocalDateTimePattern.ExtendedIso.Parse(request.StartsAt);
        if (parsedStart is not { Success: true })
        {
            v.Fail("startsAt", "The first hand-off as Europe/London wall time, e.g. 2026-03-23T09:00:00 (no offset).");
        }
        else
        {
            startsAt = parsedStart.Value;
        }

        if (request.TurnDays is null == request.TurnHours is null)
        {
            v.Fail("turnDays", "Give exactly one of turnDays (calendar days, e.g. 7 for weekly) or turnHours (elapsed hours, e.g. 12).");
        }
        else if (request.TurnDays is { } days && days is < 1 or > 366)
        {
            v.Fail("turnDays", "Between 1 and 366.");
        }
        else if (request.TurnHours is { } hours && hours is < 1 or > 24 * 31)
        {
            v.Fail("turnHours", "Between 1 and 744.");
        }

        var windowFrom = Time(v, "windowFrom", request.WindowFrom);
        var windowTo = Time(v, "windowTo", request.WindowTo);
        if (windowFrom is null != windowTo is null)
        {
            v.Fail(windowFrom is null ? "windowFrom" : "windowTo", "Give both ends of the daily window, or neither.");
        }
        else if (windowFrom is { } wf && wf == windowTo)
        {
            v.Fail("windowTo", "The window must not be empty; leave both out to be on all day.");
        }

        if (request.Priority is < 0 or > 100)
        {
            v.Fail("priority", "Between 0 and 100 (lower is asked first).");
        }

        var by = v.Required("createdBy", request.CreatedBy);
        return v.Ok
            ? (new RotationCreated(rotationId, name!, role!, kind!, participants, startsAt!.Value, request.TurnDays, request.TurnHours,
                windowFrom, windowTo, request.Priority ?? 10, by!, now), v.Errors)
            : (null, v.Errors);
    }

    public static async Task<IResult> Handle(CreateRotationRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var ids = request.Participants ?? [];
        var staff = (await session.LoadManyAsync<StaffMember>(cancellationToken, ids.Distinct())).ToDictionary(s => s.Id);
        var (created, errors) = Validate(request, staff, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (created is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        session.CarryTraceContext().Events.StartStream<Rotation>(created.RotationId, created);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/rotations/{created.RotationId}", Rotation.Create(created));
    }

    private static LocalTime? Time(Validation v, string field, string? text)
    {
        if (text is null)
        {
            return null;
        }

        // "08:00" as the docs show it; ExtendedIso alone insists on seconds.
        var parsed = HoursAndMinutes.Parse(text) is { Success: true } hhmm ? hhmm : LocalTimePattern.ExtendedIso.Parse(text);
        if (!parsed.Success)
        {
            v.Fail(field, "A wall time such as 08:00 or 20:00.");
            return null;
        }

        return parsed.Value;
    }
}
