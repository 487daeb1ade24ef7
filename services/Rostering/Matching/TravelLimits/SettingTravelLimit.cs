using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults.Places;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Matching.TravelLimits;

public sealed record SetTravelLimitRequest(double? MaxKm, string? By, string? Reason);

/// <summary>A limit as the request says it: the area from the path, the rest from the body.</summary>
public sealed record TravelLimitChange(string Area, double? MaxKm, string? By, string? Reason);

public sealed class TravelLimitChangeValidator : AbstractValidator<TravelLimitChange>
{
    public TravelLimitChangeValidator()
    {
        RuleFor(c => c.Area).Must(area => SettingTravelLimitSlice.AreaCode(area) is not null)
            .WithMessage("A UK postcode area: the letters a postcode starts with, e.g. CB or G.");
        RuleFor(c => c.MaxKm).Must(km => km is >= 1 and <= SettingTravelLimitSlice.MostKm)
            .WithMessage($"Required: kilometres from a worker's base, from 1 to {SettingTravelLimitSlice.MostKm:0}.");
        RuleFor(c => c.By).RequiredText();
        RuleFor(c => c.Reason).RequiredText(300);
    }
}

public sealed record TravelLimitView(string Area, double MaxKm, string SetBy, string Reason, Instant SetAt);

public sealed record TravelLimitsView(double DefaultKm, IReadOnlyList<TravelLimitView> Areas);

/// <summary>
/// PUT /travel-limits/{area}: a coordinator sets how far from their base a worker may be asked to travel for calls in a
/// postcode area (a worker further away is not offered the call; the coordinator can still choose them). GET
/// /travel-limits lists each area's own limit and the default for the rest. Dispatches waiting for a free worker are
/// looked at again at once, so a raised limit reaches them without waiting for the next sweep.
/// </summary>
public static class SettingTravelLimitSlice
{
    public const double MostKm = 300;

    private static readonly TravelLimitChangeValidator Validator = new();

    public static async Task<IResult> Set(
        string area, SetTravelLimitRequest request, IDocumentSession session, IClock clock, Dispatches.Waiting.WorkersMayBeFree waiting, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new TravelLimitChange(area, request.MaxKm, request.By, request.Reason)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var code = AreaCode(area)!;
        var set = new TravelLimitSet(
            AreaTravelLimit.IdOf(code), code, Math.Round(request.MaxKm!.Value, 1), Parse.Text(request.By)!, Parse.Text(request.Reason)!, clock.GetCurrentInstant());
        session.Events.Append(set.LimitId, set);
        await session.SaveChangesAsync(cancellationToken);
        waiting.SomethingChanged();
        return Results.Ok(new TravelLimitView(set.Area, set.MaxKm, set.SetBy, set.Reason, set.SetAt));
    }

    /// <summary>The postcode area <paramref name="area"/> names, when it is nothing but an area ("CB", not "CB1").</summary>
    public static string? AreaCode(string area) =>
        PostcodeAreas.Of(area) is { } known && known.Length == area.Trim().Length ? known : null;

    public static async Task<IResult> List(IQuerySession session, IOptions<OfferOptions> options, CancellationToken cancellationToken)
    {
        var limits = await TravelLimitsInForce.LoadAsync(session, options.Value, cancellationToken);
        return Results.Ok(new TravelLimitsView(
            limits.DefaultKm,
            limits.ByArea.Values.OrderBy(l => l.Area, StringComparer.Ordinal).Select(l => new TravelLimitView(l.Area, l.MaxKm, l.SetBy, l.Reason, l.SetAt)).ToList()));
    }
}
