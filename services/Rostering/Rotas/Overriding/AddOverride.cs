using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas.Overriding;

public sealed record AddOverrideRequest(string? From, string? To, Guid? CoveredBy, Guid? Replacing, string? Reason, string? AddedBy);

public static class AddOverrideSlice
{
    public static readonly string[] Reasons = ["swap", "sickness", "holiday", "training", "other"];

    public static (RotaOverrideAdded? Added, Dictionary<string, string[]> Errors) Validate(
        AddOverrideRequest request, Rotation rotation, IReadOnlyDictionary<Guid, StaffMember> staff, Guid overrideId, Instant now)
    {
        var v = new Validation();
        var from = v.Instant("from", request.From);
        var to = v.Instant("to", request.To);
        if (from is { } f && to is { } t && t <= f)
        {
            v.Fail("to", "Must be after from.");
        }

        if (request.CoveredBy is { } cover)
        {
            if (!staff.TryGetValue(cover, out var member))
            {
                v.Fail("coveredBy", "No such staff member.");
            }
            else if (member.Role != rotation.Role)
            {
                v.Fail("coveredBy", $"{member.Name} is a {member.Role}; this rotation needs a {rotation.Role}.");
            }
        }

        if (request.Replacing is { } replacing && !rotation.Participants.Contains(replacing))
        {
            v.Fail("replacing", "Not a participant of this rotation.");
        }

        var reason = request.Reason?.Trim().ToLowerInvariant();
        if (reason is null || !Reasons.Contains(reason))
        {
            v.Fail("reason", $"One of {string.Join(", ", Reasons)}.");
        }

        var by = v.Required("addedBy", request.AddedBy);
        return v.Ok
            ? (new RotaOverrideAdded(rotation.Id, overrideId, from!.Value, to!.Value, request.CoveredBy, request.Replacing, reason!, by!, now), v.Errors)
            : (null, v.Errors);
    }

    public static async Task<IResult> Handle(Guid id, AddOverrideRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Rotation>(id, cancellationToken);
        if (stream.Aggregate is not { } rotation)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No rotation {id}.");
        }

        var ids = new[] { request.CoveredBy }.OfType<Guid>().ToArray();
        var staff = (await session.LoadManyAsync<StaffMember>(cancellationToken, ids)).ToDictionary(s => s.Id);
        var (added, errors) = Validate(request, rotation, staff, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (added is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        session.CarryTraceContext();
        stream.AppendOne(added);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/rotations/{id}", rotation.Apply(added));
    }
}
