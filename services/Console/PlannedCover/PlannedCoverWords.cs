using System.Text;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.PlannedCover;

public sealed record AppointmentShown(string Kind, string Place);

public sealed record BookedByShown(string Name, string Role);

/// <summary>A planned-cover booking as crisis intake answers it (GET /planned-cover).</summary>
public sealed record PlannedCoverShown(
    Guid Id, Guid ActivationId, string CardNumber, AppointmentShown Appointment, Instant StartsAt, Instant EndsAt, BookedByShown BookedBy, string Status);

/// <summary>Who rostering holds for a booking (GET /reservations): the worker, or why nobody could be held.</summary>
public sealed record ReservationShown(Guid BookingId, Guid? WorkerId, string? WorkerName, string? Unfilled);

/// <summary>What the planned-cover page says in words: appointments, who asked, statuses, and crisis intake's refusals.</summary>
public static class PlannedCoverWords
{
    public static readonly (string Value, string Label)[] Kinds =
    [
        ("GP", "GP appointment"), ("Dentist", "dentist"), ("Hospital", "hospital appointment"), ("Other", "another appointment"),
    ];

    /// <summary>Who asked for the booking, as crisis intake records the booker's role.</summary>
    public static readonly (string Value, string Label)[] AskedBy =
    [
        ("carer", "the carer asked (they phoned or wrote)"), ("coordinator", "we are booking it for them (coordinator)"),
    ];

    private static readonly LocalDateTimePattern PickerPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public static string Appointment(AppointmentShown appointment) =>
        $"{KindOf(appointment.Kind)}: {appointment.Place}";

    public static string KindOf(string kind) => kind switch
    {
        "GP" => "GP",
        "Dentist" => "Dentist",
        "Hospital" => "Hospital",
        _ => "Other appointment",
    };

    public static string BookedBy(BookedByShown by) =>
        by.Role == "carer" ? $"{by.Name}, at the carer's request" : $"{by.Name}, coordinator";

    public static string Status(string status) => status switch
    {
        "Booked" => "booked",
        "Cancelled" => "cancelled",
        "Started" => "started",
        _ => status.ToLowerInvariant(),
    };

    /// <summary>Who is held for a booking still to start, as far as rostering has said (null: rostering did not answer).</summary>
    public static string Held(PlannedCoverShown booking, IReadOnlyDictionary<Guid, ReservationShown>? held) =>
        booking.Status != "Booked" ? ""
        : held is null ? "Rostering did not answer just now."
        : !held.TryGetValue(booking.Id, out var reservation) ? "Not yet: rostering is looking for someone."
        : reservation.WorkerName is { } name ? $"{name} is held for it."
        : reservation.Unfilled is { } why ? $"Nobody is held: {why}. Find someone before it starts."
        : "Not yet: rostering is looking for someone.";

    /// <summary>"4921773055" → "4921 7730 55", as printed on the card.</summary>
    public static string Card(string digits) =>
        string.Join(' ', digits.Chunk(4).Select(group => new string(group)));

    /// <summary>UK wall time as a date-and-time picker shows it.</summary>
    public static string ForPicker(Instant at) => PickerPattern.Format(at.InZone(LondonTime.London).LocalDateTime);

    /// <summary>
    /// A time as typed, for crisis intake: the picker's UK wall time (or an ISO instant) as an instant; anything else as
    /// typed, so that the refusal names the field; nothing typed is no time.
    /// </summary>
    public static string? ForIntake(string typed) =>
        Forms.UkTimes.TryParse(typed, out var at)
            ? at is { } instant ? InstantPattern.ExtendedIso.Format(instant) : null
            : typed;

    /// <summary>Crisis intake's refusal of a booking, a move or a cancellation, field by field in the page's own words.</summary>
    public static string? Refusal(ServiceAnswer answer, string what)
    {
        if (answer.FieldErrors() is not { } errors)
        {
            return answer.Status == StatusCodes.Status409Conflict ? $"{what} was not changed: {answer.Problem}" : answer.Problem;
        }

        var words = new StringBuilder($"{what} was not made:");
        foreach (var (field, messages) in errors)
        {
            words.Append(' ').Append(Field(field, messages));
        }

        return words.ToString();
    }

    private static string Field(string name, IReadOnlyList<string> messages) => name switch
    {
        "cardNumber" when messages.Any(m => m.Contains("No working card", StringComparison.Ordinal)) =>
            "No working card has this number: check it with the carer (a lost, stolen, suspended or replaced card cannot be used).",
        "cardNumber" => "The card number is 10 to 20 digits (spaces are fine).",
        "startsAt" => "The start must be a date and time still to come.",
        "endsAt" when messages.Any(m => m.Contains("48 hours", StringComparison.Ordinal)) => "Planned cover lasts at most 48 hours: choose an earlier end.",
        "endsAt" => "The end must be after the start.",
        "appointment.kind" => "Choose what the appointment is.",
        "appointment.place" => "Say where the appointment is (at most 300 characters).",
        "reason" => "Say why it is cancelled (at most 2000 characters).",
        _ => $"{name}: {string.Join(" ", messages)}",
    };
}
