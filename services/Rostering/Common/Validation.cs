using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.Common;

/// <summary>Field checks that collect every problem of a request, so one 400 names them all.</summary>
public sealed class Validation
{
    public Dictionary<string, string[]> Errors { get; } = [];

    public bool Ok => Errors.Count == 0;

    public void Fail(string field, string message) =>
        Errors[field] = Errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public string? Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(field, "Required.");
            return null;
        }

        if (value.Trim().Length > maxLength)
        {
            Fail(field, $"At most {maxLength} characters.");
            return null;
        }

        return value.Trim();
    }

    public LocalDate? Date(string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                Fail(field, "Required: a date as YYYY-MM-DD.");
            }

            return null;
        }

        var parsed = LocalDatePattern.Iso.Parse(value);
        if (!parsed.Success)
        {
            Fail(field, "A date as YYYY-MM-DD.");
            return null;
        }

        return parsed.Value;
    }

    public Instant? Instant(string field, string? value, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Fail(field, "Required: an ISO-8601 instant, e.g. 2026-11-25T16:00:00Z.");
            }

            return null;
        }

        var parsed = InstantPattern.ExtendedIso.Parse(value);
        if (!parsed.Success)
        {
            var offset = OffsetDateTimePattern.ExtendedIso.Parse(value);
            if (offset.Success)
            {
                return offset.Value.ToInstant();
            }

            Fail(field, "An ISO-8601 instant, e.g. 2026-11-25T16:00:00Z or 2026-11-25T16:00:00+00:00.");
            return null;
        }

        return parsed.Value;
    }
}
