using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;

namespace Cers.Dispatch.CardLookup.Common;

/// <summary>Card lookup's own checks, beside the shared <see cref="Rules"/>.</summary>
public static class CardLookupRules
{
    public static IRuleBuilderOptions<T, string?> UkPostcode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(postcode => Postcodes.Normalise(postcode) is not null).WithMessage("A UK postcode, such as LS6 2AB.");

    /// <summary>A list of short texts, such as a person's allergies: each entry filled in, named <c>allergies[1]</c> when it is not.</summary>
    public static IRuleBuilderOptions<T, IEnumerable<string?>> Texts<T>(this IRuleBuilder<T, IReadOnlyList<string?>?> rule, int maxEntries = 50, int maxLength = 500) =>
        rule.Must(texts => texts is null || texts.Count <= maxEntries).WithMessage($"At most {maxEntries} entries.")
            .ForEach(text => text.RequiredText(maxLength));

    /// <summary>The texts of a list checked with <see cref="Texts{T}"/>, trimmed.</summary>
    public static IReadOnlyList<string> TextsOf(IReadOnlyList<string?>? texts) => (texts ?? []).Select(text => Parse.Text(text)!).ToList();
}
