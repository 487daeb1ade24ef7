using System.Text;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http;

namespace Cers.Dispatch.ServiceDefaults.Validation;

/// <summary>How a refused request is answered: 400 problem+json naming each field as the caller wrote it (camelCase,
/// <c>address.postcode</c>, <c>phones[1].number</c>) with every message for it, and nothing stored.</summary>
public static class Validated
{
    public static IResult ToProblem(this ValidationResult result) => ServiceDefaultsExtensions.ValidationProblem(result.Fields());

    /// <summary>The same, titled for what was asked (a page's query: "The report's months are not valid.").</summary>
    public static IResult ToProblem(this ValidationResult result, string title) => ServiceDefaultsExtensions.ValidationProblem(result.Fields(), title);

    /// <summary>Each wrong field, named as the caller wrote it, with its messages.</summary>
    public static Dictionary<string, string[]> Fields(this ValidationResult result) =>
        result.Errors
            .GroupBy(e => FieldName(e.PropertyName), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);

    /// <summary>One refusal found after the request's own checks, against what is stored (an unknown staff member).</summary>
    public static IResult Problem(string field, string message) =>
        ServiceDefaultsExtensions.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The same, titled for what was asked.</summary>
    public static IResult Problem(string field, string message, string title) =>
        ServiceDefaultsExtensions.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title);

    /// <summary>"Address.Line1" → "address.line1", "Phones[0].Number" → "phones[0].number".</summary>
    public static string FieldName(string propertyPath)
    {
        var name = new StringBuilder(propertyPath.Length);
        var startOfSegment = true;
        foreach (var c in propertyPath)
        {
            name.Append(startOfSegment ? char.ToLowerInvariant(c) : c);
            startOfSegment = c is '.' or ']';
        }

        return name.ToString();
    }
}
