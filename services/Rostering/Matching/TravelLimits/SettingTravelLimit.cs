using Cers.Dispatch.Rostering.Common;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Places;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Matching.TravelLimits;

public sealed record SetTravelLimitRequest(double? MaxKm, string? By, string? Reason);

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

    public static async Task<IResult> Set(
        string area, SetTravelLimitRequest request, IDocumentSession session, IClock clock, Dispatches.Waiting.WorkersMayBeFree waiting, CancellationToken cancellationToken)
    {
        var v = new Validation();
        var code = PostcodeAreas.Of(area) is { } known && known.Length == area.Trim().Length ? known : null;
        if (code is null)
        {
            v.Fail("area", "A UK postcode area: the letters a postcode starts with, e.g. CB or G.");
        }

        if (request.MaxKm is not { } maxKm || double.IsNaN(maxKm) || maxKm < 1 || maxKm > MostKm)
        {
            v.Fail("maxKm", $"Required: kilometres from a worker's base, from 1 to {MostKm:0}.");
        }

        var by = v.Required("by", request.By);
        var reason = v.Required("reason", request.Reason, maxLength: 300);
        if (!v.Ok)
        {
            return ServiceDefaultsExtensions.ValidationProblem(v.Errors);
        }

        var set = new TravelLimitSet(AreaTravelLimit.IdOf(code!), code!, Math.Round(request.MaxKm!.Value, 1), by!, reason!, clock.GetCurrentInstant());
        session.Events.Append(set.LimitId, set);
        await session.SaveChangesAsync(cancellationToken);
        waiting.SomethingChanged();
        return Results.Ok(new TravelLimitView(set.Area, set.MaxKm, set.SetBy, set.Reason, set.SetAt));
    }

    public static async Task<IResult> List(IQuerySession session, IOptions<OfferOptions> options, CancellationToken cancellationToken)
    {
        var limits = await TravelLimitsInForce.LoadAsync(session, options.Value, cancellationToken);
        return Results.Ok(new TravelLimitsView(
            limits.DefaultKm,
            limits.ByArea.Values.OrderBy(l => l.Area, StringComparer.Ordinal).Select(l => new TravelLimitView(l.Area, l.MaxKm, l.SetBy, l.Reason, l.SetAt)).ToList()));
    }
}
