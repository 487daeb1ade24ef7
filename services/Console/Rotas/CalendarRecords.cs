using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Rotas;

/// <summary>A rotation with all rostering says of it (GET /rotations), for the calendar and the rotation's own page.</summary>
public sealed record RotationDetails(
    Guid Id,
    string Name,
    string Role,
    string Kind,
    IReadOnlyList<Guid> Participants,
    LocalDateTime StartsAt,
    int? TurnDays,
    int? TurnHours,
    LocalTime? WindowFrom,
    LocalTime? WindowTo,
    int Priority,
    IReadOnlyList<OverrideDetails>? Overrides);

public sealed record OverrideDetails(Guid OverrideId, Instant From, Instant To, Guid? CoveredBy, Guid? Replacing, string Reason, Instant AddedAt);

/// <summary>One stretch of a role's line-up (GET /on-call/line-ups): nobody on is a gap.</summary>
public sealed record LineUp(Instant From, Instant To, IReadOnlyList<LineUpPerson> OnDuty, IReadOnlyList<LineUpUncovered>? Uncovered);

public sealed record LineUpPerson(Guid StaffId, string Name, string Kind, Guid RotationId, string Rotation, bool ByOverride, string? OverrideReason);

public sealed record LineUpUncovered(Guid RotationId, string Rotation, Guid OverrideId, string Reason);

/// <summary>A line-up stretch cut to one UK day, as the calendar shows it.</summary>
public sealed record DayStretch(LocalDate Day, LocalDateTime From, LocalDateTime To, LineUp LineUp);

/// <summary>The rotas' own words, as people read them.</summary>
public static class RotaWords
{
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    public static readonly (string Value, string Label)[] Kinds = [("on-call", "On call"), ("shift", "Shift (working, available at once)")];

    public static readonly (string Value, string Label)[] Reasons =
    [
        ("swap", "Swap"), ("sickness", "Sickness"), ("holiday", "Holiday"), ("training", "Training"), ("other", "Other"),
    ];

    public static string Kind(string kind) => kind == "on-call" ? "on call" : kind;

    public static string Reason(string? reason) => reason switch
    {
        null or "" => "override",
        "other" => "other reason",
        var words => words,
    };

    public static string Turns(RotationDetails r) => (r.TurnDays, r.TurnHours) switch
    {
        (1, _) => "a day each",
        (7, _) => "a week each",
        ({ } days, _) => $"{days} days each",
        (_, { } hours) => $"{hours} hours each",
        _ => "",
    };

    public static string Window(RotationDetails r) =>
        r.WindowFrom is { } from && r.WindowTo is { } to ? $"{Time(from)} to {Time(to)} each day" : "all day";

    public static string Time(LocalTime time) => Clock.Format(time);

    /// <summary>"09:00 – 12:00", ending "midnight" when the stretch runs to the end of the day; "All day" for the whole of it.</summary>
    public static string Span(DayStretch s) =>
        s.From.TimeOfDay == LocalTime.Midnight && s.To.Date > s.Day
            ? "All day"
            : $"{Time(s.From.TimeOfDay)} – {(s.To.Date > s.Day ? "midnight" : Time(s.To.TimeOfDay))}";

    /// <summary>A line-up's stretches cut at UK midnights, so each day's rows stand on their own.</summary>
    public static IEnumerable<DayStretch> ByDay(IEnumerable<LineUp> lineUps)
    {
        foreach (var lineUp in lineUps)
        {
            var from = lineUp.From.InZone(LondonTime.London).LocalDateTime;
            var to = lineUp.To.InZone(LondonTime.London).LocalDateTime;
            for (var day = from.Date; day.AtMidnight() < to; day = day.PlusDays(1))
            {
                var start = day == from.Date ? from : day.AtMidnight();
                var end = to < day.PlusDays(1).AtMidnight() ? to : day.PlusDays(1).AtMidnight();
                if (start < end)
                {
                    yield return new DayStretch(day, start, end, lineUp);
                }
            }
        }
    }
}
