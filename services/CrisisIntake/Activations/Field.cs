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
}
