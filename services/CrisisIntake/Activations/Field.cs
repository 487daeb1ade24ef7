namespace Cers.Dispatch.CrisisIntake.Activations;

/// <summary>Checks for free-text fields, collecting every problem so a caller can fix them all at once.</summary>
public static class Field
{
    public static void Required(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required."];
        }
        else
        {
            Optional(errors, field, value, maxLength);
        }
    }

    public static void Optional(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (value is { Length: var length } && length > maxLength)
        {
            errors[field] = [$"At most {maxLength} characters."];
        }
    }

    /// <summary>One of an enum's names (any case); numbers are refused so "42" never slips through as a value.</summary>
    public static T OneOf<T>(Dictionary<string, string[]> errors, string field, string? value)
        where T : struct, Enum
    {
        if (!string.IsNullOrWhiteSpace(value) && !char.IsDigit(value.Trim()[0]) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }

        errors[field] = [$"One of {string.Join(", ", Enum.GetNames<T>())}."];
        return default;
    }
}
