using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Common;

/// <summary>Collects every wrong field of a request, so the caller hears about all of them at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public IReadOnlyCollection<string> Fields => errors.Keys;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public string Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return "";
        }

        return Optional(field, value, maxLength) ?? "";
    }

    public string? Optional(string field, string? value, int maxLength = 2000)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
        }

        return trimmed;
    }

    public LocalDate Date(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required: a date such as 2019-04-23.");
            return default;
        }

        var parsed = LocalDatePattern.Iso.Parse(value.Trim());
        if (!parsed.Success)
        {
            Add(field, "A date such as 2019-04-23.");
            return default;
        }

        return parsed.Value;
    }

    public IReadOnlyList<string> Texts(string field, IReadOnlyList<string?>? values, int maxItems = 50, int maxLength = 500)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > maxItems)
        {
            Add(field, $"At most {maxItems} entries.");
        }

        return values.Select((v, i) => Required($"{field}[{i}]", v, maxLength)).ToList();
    }

    public IResult ToProblem() =>
        ServiceDefaultsExtensions.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
