using NodaTime;

namespace Cers.Dispatch.Contracts.CardLookup;

/// <summary>
/// A new version of a carer's emergency plan. RequiredSkills use the words in <see cref="Skills"/>; Nation is
/// "england-and-wales", "scotland" or "northern-ireland"; Area is the postcode district and town ("LS6 Leeds").
/// What readiness needs rides along in clear, never the plan itself: the review date, whether a key safe with its code or
/// a key-holding contact is on file, how many emergency contacts there are, and when their numbers were last confirmed
/// (carried over from an earlier version whose numbers were the same; null when never, or when a number changed).
/// The four are null in messages from versions that did not send them. <paramref name="WorkersNeeded"/>: how many care
/// workers the plan needs at once (two for a two-person transfer); null from versions that did not send it, meaning one.
/// </summary>
public sealed record EmergencyPlanChanged(
    Guid CarerId,
    int Version,
    IReadOnlyList<string> RequiredSkills,
    string Nation,
    string Area,
    double Latitude,
    double Longitude,
    Instant ChangedAt,
    LocalDate? ReviewDate = null,
    bool? KeyAccessOnFile = null,
    int? EmergencyContacts = null,
    Instant? ContactsConfirmedAt = null,
    int? WorkersNeeded = null);
