using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>
/// A new version of a carer's emergency plan. RequiredSkills use the words in <see cref="Skills"/>; Nation is
/// "england-and-wales", "scotland" or "northern-ireland"; Area is the postcode district and town ("LS6 Leeds").
/// </summary>
public sealed record EmergencyPlanChanged(
    Guid CarerId,
    int Version,
    IReadOnlyList<string> RequiredSkills,
    string Nation,
    string Area,
    double Latitude,
    double Longitude,
    Instant ChangedAt);
