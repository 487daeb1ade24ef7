using Cers.Dispatch.CrisisIntake.Activations.Opening;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.PlannedCover;

public sealed record AppointmentRequest(string? Kind, string? Place);

public sealed record BookedByRequest(string? Name, string? Role);

/// <summary>When planned cover starts and ends, as a booking or a move asks.</summary>
public interface IPlannedWindow
{
    string? StartsAt { get; }

    string? EndsAt { get; }
}

public sealed record BookPlannedCoverRequest(string? CardNumber, AppointmentRequest? Appointment, string? StartsAt, string? EndsAt, BookedByRequest? BookedBy) : IPlannedWindow;

public sealed record MovePlannedCoverRequest(string? StartsAt, string? EndsAt, string? MovedBy) : IPlannedWindow;

public sealed record CancelPlannedCoverRequest(string? CancelledBy, string? Reason);

/// <summary>A window in the future, ending after it starts, at most <see cref="PlannedCoverBooking.MaximumLength"/> long.</summary>
public sealed class PlannedWindowValidator : AbstractValidator<IPlannedWindow>
{
    public PlannedWindowValidator(Instant now)
    {
        RuleFor(w => w.StartsAt).Must(startsAt => Parse.Instant(startsAt) > now)
            .WithMessage("When cover starts: an ISO-8601 instant in the future.");
        RuleFor(w => w.EndsAt).Cascade(CascadeMode.Stop)
            .Must(EndsAfterItStarts).WithMessage("When cover ends: an ISO-8601 instant after it starts.")
            .Must(LastsNoLongerThanAllowed).WithMessage("Planned cover lasts at most 48 hours.");
    }

    private static bool EndsAfterItStarts(IPlannedWindow window, string? endsAt) =>
        Parse.Instant(endsAt) is { } end && !(Parse.Instant(window.StartsAt) is { } start && end <= start);

    private static bool LastsNoLongerThanAllowed(IPlannedWindow window, string? endsAt) =>
        Parse.Instant(window.StartsAt) is not { } start || Parse.Instant(endsAt)!.Value - start <= PlannedCoverBooking.MaximumLength;
}

public sealed class AppointmentValidator : AbstractValidator<AppointmentRequest>
{
    public AppointmentValidator()
    {
        RuleFor(a => a.Kind).OneOf<AppointmentRequest, AppointmentKind>();
        RuleFor(a => a.Place).RequiredText(300);
    }
}

public sealed class BookedByValidator : AbstractValidator<BookedByRequest>
{
    private static readonly string[] Roles = ["carer", "coordinator"];

    public BookedByValidator()
    {
        RuleFor(b => b.Name).RequiredText();
        RuleFor(b => b.Role).OneOf(Roles);
    }
}

public sealed class BookPlannedCoverValidator : AbstractValidator<BookPlannedCoverRequest>
{
    /// <summary>A booking that leaves out the appointment or the booker is checked as one naming neither, so each missing field is named.</summary>
    private static readonly AppointmentRequest NoAppointment = new(null, null);

    private static readonly BookedByRequest NoBooker = new(null, null);

    private static readonly AppointmentValidator AppointmentRules = new();
    private static readonly BookedByValidator BookerRules = new();

    public BookPlannedCoverValidator(Instant now)
    {
        RuleFor(r => r.CardNumber).Must(card => CardNumberText.Normalise(card) is not null).WithMessage("The carer's card number (10 to 20 digits).");
        RuleFor(r => r.Appointment ?? NoAppointment).SetValidator(AppointmentRules).OverridePropertyName(nameof(BookPlannedCoverRequest.Appointment));
        RuleFor(r => r.BookedBy ?? NoBooker).SetValidator(BookerRules).OverridePropertyName(nameof(BookPlannedCoverRequest.BookedBy));
        Include(new PlannedWindowValidator(now));
    }
}

public sealed class MovePlannedCoverValidator : AbstractValidator<MovePlannedCoverRequest>
{
    public MovePlannedCoverValidator(Instant now)
    {
        Include(new PlannedWindowValidator(now));
        RuleFor(r => r.MovedBy).RequiredText();
    }
}

public sealed class CancelPlannedCoverValidator : AbstractValidator<CancelPlannedCoverRequest>
{
    public CancelPlannedCoverValidator()
    {
        RuleFor(r => r.CancelledBy).RequiredText();
        RuleFor(r => r.Reason).RequiredText(2000);
    }
}

/// <summary>Booking, moving and cancelling cover for a planned appointment. Each is an event on the booking's stream.</summary>
public static class BookingPlannedCover
{
    private static readonly CancelPlannedCoverValidator Cancelling = new();

    public static async Task<IResult> Book(
        BookPlannedCoverRequest request, IDocumentSession session, CardLookupClient cardLookup, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (new BookPlannedCoverValidator(now).Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var bookedBy = new BookedBy(Parse.Text(request.BookedBy!.Name)!, Parse.Word(request.BookedBy.Role!));
        var check = await cardLookup.CheckAsync(CardNumberText.Normalise(request.CardNumber)!, "console", $"planned cover booked by {request.BookedBy.Name}", ct);
        if (check is not CardCheck.Identified { Works: true } card)
        {
            return check is CardCheck.LookupUnavailable
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Card lookup is unavailable; the booking was not made. Try again shortly.")
                : Validated.Problem("cardNumber", "No working card has this number.");
        }

        var appointment = new Appointment(Parse.Enum<AppointmentKind>(request.Appointment!.Kind)!.Value, Parse.Text(request.Appointment.Place)!);
        var booked = new PlannedCoverBooked(
            Guid.CreateVersion7(), Guid.CreateVersion7(), card.CardNumber, card.CarerId, card.Nation, card.Area,
            appointment, Parse.Instant(request.StartsAt)!.Value, Parse.Instant(request.EndsAt)!.Value, bookedBy, now);
        session.CarryTraceContext().Events.StartStream<PlannedCoverBooking>(booked.BookingId, booked);
        await session.SaveChangesAsync(ct);
        return Results.Created($"/planned-cover/{booked.BookingId}", PlannedCoverBooking.Create(booked));
    }

    public static async Task<IResult> Move(Guid id, MovePlannedCoverRequest request, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        if (new MovePlannedCoverValidator(now).Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var (startsAt, endsAt) = (Parse.Instant(request.StartsAt)!.Value, Parse.Instant(request.EndsAt)!.Value);
        return await ChangeAsync(id, session, booking => new PlannedCoverMoved(id, booking.ActivationId, startsAt, endsAt, booking.BookingVersion + 1, Parse.Text(request.MovedBy)!, now), ct);
    }

    public static async Task<IResult> Cancel(Guid id, CancelPlannedCoverRequest request, IDocumentSession session, IClock clock, CancellationToken ct)
    {
        if (Cancelling.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        return await ChangeAsync(id, session, booking => new PlannedCoverCancelled(
            id, booking.ActivationId, booking.BookingVersion, Parse.Text(request.CancelledBy)!, Parse.Text(request.Reason)!, clock.GetCurrentInstant()), ct);
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
}
