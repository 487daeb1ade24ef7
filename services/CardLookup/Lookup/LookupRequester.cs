using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;

namespace Cers.Dispatch.CardLookup.Lookup;

/// <summary>Every lookup says who asked and through which channel, for the audit.</summary>
public interface ILookupRequest
{
    string? Channel { get; }

    string? RequestedBy { get; }
}

public sealed class LookupRequestValidator : AbstractValidator<ILookupRequest>
{
    public LookupRequestValidator()
    {
        RuleFor(r => r.Channel).OneOf<ILookupRequest, LookupChannel>().WithMessage("One of phone, partner, console.");
        RuleFor(r => r.RequestedBy).RequiredText();
    }
}

public static class LookupRequester
{
    /// <summary>Who asked and through which channel, read from a request <see cref="LookupRequestValidator"/> passed.</summary>
    public static (LookupChannel Channel, string RequestedBy) Of(ILookupRequest request) =>
        (Parse.Enum<LookupChannel>(request.Channel)!.Value, Parse.Text(request.RequestedBy)!);
}
