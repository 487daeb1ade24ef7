using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Matching.TravelLimits;

/// <summary>A coordinator set how far from their base a care worker may be asked to travel for a call in a postcode area.</summary>
public sealed record TravelLimitSet(Guid LimitId, string Area, double MaxKm, string SetBy, string Reason, Instant SetAt);

/// <summary>The travel limit in force for one postcode area: its own stream, so every change and who made it is kept.</summary>
public sealed record AreaTravelLimit(Guid Id, string Area, double MaxKm, string SetBy, string Reason, Instant SetAt)
{
    public static Guid IdOf(string area) => DeterministicGuid.From($"rostering/travel-limit/{area}");

    public static AreaTravelLimit Create(TravelLimitSet e) => new(e.LimitId, e.Area, e.MaxKm, e.SetBy, e.Reason, e.SetAt);

    public AreaTravelLimit Apply(TravelLimitSet e) => Create(e);
}

/// <summary>How far a worker may be from the call: the area's own limit, or Offers:MaxTravelKm where it has none.</summary>
public sealed record TravelLimit(double MaxKm, string? Area, bool AreasOwn)
{
    /// <summary>"the 25 km travel limit for CB", or "the 60 km travel limit" where the area has none of its own.</summary>
    public string Described =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the {MaxKm:0.#} km travel limit") + (AreasOwn ? $" for {Area}" : "");
}

public sealed record TravelLimitsInForce(IReadOnlyDictionary<string, AreaTravelLimit> ByArea, double DefaultKm)
{
    public static async Task<TravelLimitsInForce> LoadAsync(IQuerySession session, OfferOptions options, CancellationToken cancellationToken) =>
        Of(await session.Query<AreaTravelLimit>().ToListAsync(cancellationToken), options);

    public static TravelLimitsInForce Of(IEnumerable<AreaTravelLimit> limits, OfferOptions options) =>
        new(limits.ToDictionary(l => l.Area), options.MaxTravelKm);

    /// <summary>The limit for a call in <paramref name="carersArea"/> ("CB1 Cambridge").</summary>
    public TravelLimit For(string? carersArea)
    {
        var area = ServiceDefaults.Places.PostcodeAreas.Of(carersArea);
        return area is not null && ByArea.TryGetValue(area, out var own)
            ? new TravelLimit(own.MaxKm, area, AreasOwn: true)
            : new TravelLimit(DefaultKm, area, AreasOwn: false);
    }
}
