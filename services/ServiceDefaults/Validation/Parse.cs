using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.ServiceDefaults.Validation;

/// <summary>Reads a request's text as the value it stands for, or null when it does not: what <see cref="Rules"/> check.</summary>
public static class Parse
{
    private static readonly LocalTimePattern HoursAndMinutes = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A word from a fixed list, as the list spells it: trimmed, lower case.</summary>
    public static string Word(string value) => value.Trim().ToLowerInvariant();

    public static LocalDate? Date(string? value) =>
        value is not null && LocalDatePattern.Iso.Parse(value.Trim()) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>A time of day as people write it, "08:00", or with seconds ("08:00:30"); the text as given, not trimmed.</summary>
    public static LocalTime? TimeOfDay(string? value)
    {
        if (value is null)
        {
            return null;
        }

        // ExtendedIso alone insists on seconds.
        var parsed = HoursAndMinutes.Parse(value) is { Success: true } hoursAndMinutes ? hoursAndMinutes : LocalTimePattern.ExtendedIso.Parse(value);
        return parsed.Success ? parsed.Value : null;
    }

    public static Instant? Instant(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (InstantPattern.ExtendedIso.Parse(value) is { Success: true } instant)
        {
            return instant.Value;
        }

        if (OffsetDateTimePattern.ExtendedIso.Parse(value) is not { Success: true } offset)
        {
            return null;
        }

        try
        {
            return offset.Value.ToInstant();
        }
        catch (OverflowException)
        {
            // An offset that takes the time past NodaTime's range ("9999-12-31T23:59:59-01:00") is no instant at all.
            return null;
        }
    }

    public static TEnum? Enum<TEnum>(string? value)
        where TEnum : struct, Enum =>
        !string.IsNullOrWhiteSpace(value) && !char.IsDigit(value.Trim()[0])
            && System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed)
            ? parsed
            : null;
}
