using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.Opening;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.PlannedCover;

public sealed record AppointmentRequest(string? Kind, string? Place);

public sealed record BookedByRequest(string? Name, string? Role);

public sealed record BookPlannedCoverRequest(string? CardNumber, AppointmentRequest? Appointment, string? StartsAt, string? EndsAt, BookedByRequest? BookedBy);

public sealed record MovePlannedCoverRequest(string? StartsAt, string? EndsAt, string? MovedBy);

public sealed record CancelPlannedCoverRequest(string? CancelledBy, string? Reason);

/// <summary>Booking, moving and cancelling cover for a planned appointment. Each is an event on the booking's stream.</summary>
public static class BookingPlannedCover
{
    private static readonly string[] BookerRoles = ["carer", "coordinator"];

    public static async Task<IResult> Book(
        BookPlannedCoverRequest request, IDocumentSession session, CardLookupClient cardLookup, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var errors = new Dictionary<string, string[]>();
        var cardNumber = CardNumberText.Normalise(request.CardNumber);
        if (cardNumber is null)
        {
            errors["cardNumber"] = ["The carer's card number (10 to 20 digits)."];
        }

        var kind = Field.OneOf<AppointmentKind>(errors, "appointment.kind", request.Appointment?.Kind);

        Field.Required(errors, "appointment.place", request.Appointment?.Place, 300);
        Field.Required(errors, "bookedBy.name", request.BookedBy?.Name, 200);
        if (request.BookedBy?.Role is not { } role || !BookerRoles.Contains(role))
        {
            errors["bookedBy.role"] = ["carer or coordinator."];
        }

        var startsAt = ParseInstant(request.StartsAt);
        var endsAt = ParseInstant(request.EndsAt);
        PlannedCoverBooking.CheckWindow(errors, startsAt, endsAt, now);
        if (errors.Count > 0)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var check = await cardLookup.CheckAsync(cardNumber!, "console", $"planned cover booked by {request.BookedBy!.Name}", ct);
        if (check is not CardCheck.Identified { Works: true } card)
        {
            return check is CardCheck.LookupUnavailable
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Card lookup is unavailable; the booking was not made. Try again shortly.")
                : ServiceDefaultsExtensions.ValidationProblem(new Dictionary<string, string[]> { ["cardNumber"] = ["No working card has this number."] });
        }

        var booked = new PlannedCoverBooked(
            Guid.CreateVersion7(), Guid.CreateVersion7(), card.CardNumber, card.CarerId, card.Nation, card.Area,
            new Appointment(kind, request.Appointment!.Place!.Trim()), startsAt!.Value, endsAt!.Value,
            new BookedBy(request.BookedBy.Name!.Trim(), request.BookedBy.Role!), now);
        session.CarryTraceContext().Events.StartStream<PlannedCoverBooking>(booked.BookingId, booked);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/planned-cover/{booked.BookingId}", PlannedCoverBooking.Create(booked));
    }

    public static async Task<IResult> Move(Guid id, MovePlannedCoverRequest request, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var errors = new Dictionary<string, string[]>();
        var startsAt = ParseInstant(request.StartsAt);
        var endsAt = ParseInstant(request.EndsAt);
        PlannedCoverBooking.CheckWindow(errors, startsAt, endsAt, now);
        Field.Required(errors, "movedBy", request.MovedBy, 200);
        if (errors.Count > 0)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        return await ChangeAsync(id, session, booking => new PlannedCoverMoved(id, booking.ActivationId, startsAt!.Value, endsAt!.Value, booking.BookingVersion + 1, request.MovedBy!.Trim(), now), ct);
    }

    public static async Task<IResult> Cancel(Guid id, CancelPlannedCoverRequest request, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Field.Required(errors, "cancelledBy", request.CancelledBy, 200);
        Field.Required(errors, "reason", request.Reason, 2000);
        if (errors.Count > 0)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        return await ChangeAsync(id, session, booking => new PlannedCoverCancelled(id, booking.ActivationId, booking.BookingVersion, request.CancelledBy!.Trim(), request.Reason!.Trim(), clock.GetCurrentInstant()), ct);
    }

    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<PlannedCoverBooking>(id, ct) is { } booking
            ? Results.Ok(booking)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No planned-cover booking {id}.");

    private static async Task<IResult> ChangeAsync(Guid id, IDocumentSession session, Func<PlannedCoverBooking, object> change, CancellationToken ct)
    {
        if (await session.LoadAsync<PlannedCoverBooking>(id, ct) is not { } booking)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No planned-cover booking {id}.");
        }

        if (booking.Status != BookingStatus.Booked)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The booking is {booking.Status.ToString().ToLowerInvariant()}; it can no longer be changed.");
        }

        session.CarryTraceContext().Events.Append(id, change(booking));
        await session.SaveChangesAsync(ct);
        return Results.Ok(await session.LoadAsync<PlannedCoverBooking>(id, ct));
    }

    private static Instant? ParseInstant(string? text) =>
        text is not null && InstantPattern.ExtendedIso.Parse(text) is { Success: true } parsed ? parsed.Value : null;
}
