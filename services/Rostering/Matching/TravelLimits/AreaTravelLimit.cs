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
    public string Describe(System.Globalization.CultureInfo culture) =>
        AreasOwn ? string.Create(culture, $"the {MaxKm:0.#} km travel limit for {Area}") : string.Create(culture, $"the {MaxKm:0.#} km travel limit");
}

public sealed record TravelLimitsInForce(IReadOnlyDictionary<string, AreaTravelLimit> ByArea, double DefaultKm)
{
    public static async Task<TravelLimitsInForce> LoadAsync(IQuerySession session, OfferOptions options, CancellationToken cancellationToken) =>
        new((await session.Query<AreaTravelLimit>().ToListAsync(cancellationToken)).ToDictionary(l => l.Area), options.MaxTravelKm);

    /// <summary>The limit for a call in <paramref name="carersArea"/> ("CB1 Cambridge").</summary>
    public TravelLimit For(string? carersArea) =>
        ServiceDefaults.Places.PostcodeAreas.Of(carersArea) is { } area && ByArea.TryGetValue(area, out var own)
            ? new TravelLimit(own.MaxKm, area, AreasOwn: true)
            : new TravelLimit(DefaultKm, ServiceDefaults.Places.PostcodeAreas.Of(carersArea), AreasOwn: false);
}
