using Cers.Dispatch.ServiceDefaults.Phones;
using FluentValidation;

namespace Cers.Dispatch.ServiceDefaults.Validation;

/// <summary>
/// The checks every service's requests share, with one wording: a validator says <c>RuleFor(r =&gt; r.Name).RequiredText(100)</c>
/// and the caller reads "Required." or "At most 100 characters." under <c>name</c>. A handler reads the checked values
/// back with <see cref="Parse"/>.
/// </summary>
public static class Rules
{
    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength = 200) =>
        rule.Must(value => !string.IsNullOrWhiteSpace(value) && value.Trim().Length <= maxLength)
            .WithMessage((_, value) => string.IsNullOrWhiteSpace(value) ? "Required." : $"At most {maxLength} characters.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength = 2000) =>
        rule.Must(value => value is null || value.Trim().Length <= maxLength).WithMessage($"At most {maxLength} characters.");

    /// <summary>An ISO date (2019-04-23); empty is refused unless <paramref name="required"/> is false.</summary>
    public static IRuleBuilderOptions<T, string?> IsoDate<T>(this IRuleBuilder<T, string?> rule, bool required = true) =>
        rule.Must(value => Parse.Date(value) is not null || (!required && string.IsNullOrWhiteSpace(value)))
            .WithMessage((_, value) => required && string.IsNullOrWhiteSpace(value) ? "Required: a date such as 2019-04-23." : "A date such as 2019-04-23.");

    /// <summary>An ISO-8601 instant (2026-11-25T16:00:00Z) or one with an offset.</summary>
    public static IRuleBuilderOptions<T, string?> IsoInstant<T>(this IRuleBuilder<T, string?> rule, bool required = true) =>
        rule.Must(value => Parse.Instant(value) is not null || (!required && value is null))
            .WithMessage((_, value) => required && value is null
                ? "Required: an ISO-8601 instant, e.g. 2026-11-25T16:00:00Z."
                : "An ISO-8601 instant, e.g. 2026-11-25T16:00:00Z or 2026-11-25T16:00:00+00:00.");

    /// <summary>One of an enum's names (any case); numbers are refused so "42" never slips through as a value.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T, TEnum>(this IRuleBuilder<T, string?> rule)
        where TEnum : struct, Enum =>
        rule.Must(value => Parse.Enum<TEnum>(value) is not null).WithMessage($"One of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    /// <summary>One of a fixed list of words (any case), such as staff roles or skills.</summary>
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyCollection<string> words, string? lead = null) =>
        rule.Must(value => value is not null && words.Contains(Parse.Word(value)))
            .WithMessage(lead is null ? $"One of {string.Join(", ", words)}." : $"{lead}one of {string.Join(", ", words)}.");

    /// <summary>A number the UK numbering plan allows (mobile, landline, non-geographic), as written by a person.</summary>
    public static IRuleBuilderOptions<T, string?> UkPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => UkPhoneNumbers.ToE164(value) is not null)
            .WithMessage("A UK phone number, e.g. 07700 900123, 01632 960123 or +447700900123.");

    /// <summary>A UK mobile, for someone who must receive SMS.</summary>
    public static IRuleBuilderOptions<T, string?> UkMobile<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(value => UkPhoneNumbers.MobileToE164(value) is not null)
            .WithMessage("A UK mobile number that can receive SMS, e.g. 07700 900123 or +447700900123.");
}
