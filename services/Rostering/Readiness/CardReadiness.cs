using System.Text.Json.Serialization;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.Rostering.Readiness;

/// <summary>A card the carer holds, as card lookup last told us (a later message about the same number wins).</summary>
public sealed record HeldCard(string Number, bool Works, Instant At);

/// <summary>Card lookup's word that the contacts of a plan version were reached on their numbers.</summary>
public sealed record ContactsConfirmation(int PlanVersion, Instant At);

/// <summary>One reason a card could not be served, from <paramref name="From"/> on: what is wrong and what would put it right.</summary>
public sealed record ReadinessProblem(string Kind, Instant From, string What, string Fix);

/// <summary>
/// Whether one carer's card can be served: the facts card lookup told us (no personal data: dates, counts, the plan's
/// skills and coarse location) and the last assessment of them against the rota. A problem whose <see cref="ReadinessProblem.From"/>
/// has passed makes the card red; one due within the coming week makes it amber.
/// </summary>
public sealed record CardReadiness(Guid Id, Instant TrackedSince)
{
    public IReadOnlyList<HeldCard> Cards { get => field ?? []; init; } = [];

    public int? PlanVersion { get; init; }

    public IReadOnlyList<string> RequiredSkills { get => field ?? []; init; } = [];

    /// <summary>Care workers the plan needs at once: two for a two-person transfer.</summary>
    public int WorkersNeeded { get; init; } = 1;

    public string? Area { get; init; }

    public double Latitude { get; init; }

    public double Longitude { get; init; }

    public LocalDate? ReviewDate { get; init; }

    public bool? KeyAccessOnFile { get; init; }

    public int? EmergencyContacts { get; init; }

    /// <summary>When the contacts of <see cref="PlanVersion"/> were last confirmed: carried by the plan, or confirmed since.</summary>
    public Instant? ContactsConfirmedAt { get; init; }

    /// <summary>The last confirmation card lookup told us of, kept in case it arrives before the plan version it confirms.</summary>
    public ContactsConfirmation? LastContactsConfirmation { get; init; }

    public bool? ConsentToSharePlan { get; init; }

    public Instant? ConsentRecordedAt { get; init; }

    public IReadOnlyList<ReadinessProblem> Problems { get => field ?? []; init; } = [];

    public Instant? AssessedAt { get; init; }

    /// <summary>The earliest problem's start, in Unix ticks: the card is red from then on (a column of its own, to list red cards quickly).</summary>
    public long? RedFromTicks { get; init; }

    /// <summary>When the card next changes colour, or its week-ahead check must be done again (Unix ticks): the next tick's business.</summary>
    public long? NextChangeTicks { get; init; }

    [JsonIgnore]
    public Instant? RedFrom => RedFromTicks is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;

    [JsonIgnore]
    public Instant? NextChangeAt => NextChangeTicks is { } ticks ? Instant.FromUnixTimeTicks(ticks) : null;

    /// <summary>The problems the duty managers were paged about while the card has been red.</summary>
    public IReadOnlyList<string> AlertedKinds { get => field ?? []; init; } = [];

    /// <summary>Red with a problem nobody was paged about yet.</summary>
    public bool AlertOwed { get; init; }

    /// <summary>When an assessment last found the card not red: a card never ready is paged about only after a grace.</summary>
    public Instant? LastNotRedAt { get; init; }

    /// <summary>The number of the card that works now, if any; only carers holding one are assessed and listed.</summary>
    public string? WorkingCard => Cards.Where(c => c.Works).OrderByDescending(c => c.At).Select(c => c.Number).FirstOrDefault();

    public bool Active { get; init; }

    /// <summary>When card lookup erased the carer: nothing else is kept, and nothing told about them later counts.</summary>
    public Instant? ErasedAt { get; init; }

    public bool IsRed(Instant now) => RedFrom is { } from && from <= now;

    public IEnumerable<ReadinessProblem> ProblemsAt(Instant now) => Problems.Where(p => p.From <= now);

    public CardReadiness With(Published.EmergencyPlanChanged plan) => PlanVersion is { } known && known >= plan.Version ? this : this with
    {
        PlanVersion = plan.Version,
        RequiredSkills = plan.RequiredSkills,
        WorkersNeeded = plan.WorkersNeeded ?? 1,
        Area = plan.Area,
        Latitude = plan.Latitude,
        Longitude = plan.Longitude,
        ReviewDate = plan.ReviewDate,
        KeyAccessOnFile = plan.KeyAccessOnFile,
        EmergencyContacts = plan.EmergencyContacts,
        ContactsConfirmedAt = Later(plan.ContactsConfirmedAt, LastContactsConfirmation is { } c && c.PlanVersion == plan.Version ? c.At : null),
    };

    public CardReadiness With(Published.EmergencyContactsConfirmed confirmed) => this with
    {
        LastContactsConfirmation = LastContactsConfirmation is { } last && last.At >= confirmed.ConfirmedAt ? last : new(confirmed.PlanVersion, confirmed.ConfirmedAt),
        ContactsConfirmedAt = confirmed.PlanVersion == PlanVersion ? Later(ContactsConfirmedAt, confirmed.ConfirmedAt) : ContactsConfirmedAt,
    };

    public CardReadiness With(Published.PlanConsentRecorded consent) => ConsentRecordedAt is { } known && known > consent.RecordedAt ? this : this with
    {
        ConsentToSharePlan = consent.ConsentToSharePlan,
        ConsentRecordedAt = consent.RecordedAt,
    };

    public CardReadiness WithCard(string number, bool works, Instant at)
    {
        if (Cards.FirstOrDefault(c => c.Number == number) is { } known && known.At > at)
        {
            return this;
        }

        List<HeldCard> cards = [.. Cards.Where(c => c.Number != number), new HeldCard(number, works, at)];
        return this with { Cards = cards, Active = cards.Any(c => c.Works) };
    }

    /// <summary>
    /// Another writer stored the card first (a version check failed): Marten reports one failed check alone, several as an
    /// aggregate of them.
    /// </summary>
    public static bool StoredFirstByAnother(Exception e) =>
        e is JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException
        || (e is AggregateException all && all.InnerExceptions.Count > 0 && all.InnerExceptions.All(StoredFirstByAnother));

    private static Instant? Later(Instant? a, Instant? b) => a is null ? b : b is null ? a : Instant.Max(a.Value, b.Value);
}
