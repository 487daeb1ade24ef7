using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

public sealed record CaredForEntry(Guid PersonId, Sealed<CaredForDetails> Details, Instant RegisteredAt);

public sealed record AssessmentEntry(Guid AssessmentId, LocalDateTime At, string Assessor, Instant BookedAt, Sealed<string>? Findings, Instant? CompletedAt)
{
    public bool Done => CompletedAt is not null;
}

/// <summary>
/// The last confirmation of the emergency contacts, with the plan version it confirmed, sealed as it was stored: a later
/// version with the same numbers carries the confirmation over, and the numbers are compared without keeping them in clear.
/// </summary>
public sealed record ContactsConfirmation(int PlanVersion, ConfirmationMethod How, Instant ConfirmedAt, Sealed<EmergencyPlan> PlanConfirmed);

/// <summary>
/// A registered carer folded from their stream, as stored: identifying and health data sealed under the carer's key,
/// in clear only what matching, the rules and the anonymous figures need. The door secrets are not even sealed here:
/// they stay in the plan's events. <see cref="OpenedCarer"/> is the same carer with the seals opened.
/// </summary>
public sealed record Carer(
    Guid Id,
    Sealed<CarerDetails> Details,
    string Nation,
    string Area,
    bool ConsentToSharePlan,
    Instant RegisteredAt,
    IReadOnlyList<CaredForEntry> CaredFor,
    IReadOnlyList<AssessmentEntry> Assessments,
    int PlanVersion,
    PlanOutline? PlanOutline,
    Sealed<EmergencyPlan>? Plan,
    Instant? PlanRecordedAt,
    long LastActivityUnixTicks,
    Instant? ErasedAt,
    Instant? ConsentConfirmedAt = null,
    ContactsConfirmation? ContactsConfirmed = null,
    Instant? PlanContactsConfirmedAt = null)
{
    public static Carer Create(CarerRegistered e) => new(
        e.CarerId, e.Details, e.Nation, e.Area, e.ConsentToSharePlan, e.RegisteredAt, [], [], 0, null, null, null,
        e.RegisteredAt.ToUnixTimeTicks(), null);

    public Carer Apply(CaredForPersonRegistered e) =>
        this with { CaredFor = [.. CaredFor, new CaredForEntry(e.PersonId, e.Details, e.RegisteredAt)], LastActivityUnixTicks = Ticks(e.RegisteredAt) };

    public Carer Apply(AssessmentBooked e) =>
        this with { Assessments = [.. Assessments, new AssessmentEntry(e.AssessmentId, e.At, e.Assessor, e.BookedAt, null, null)], LastActivityUnixTicks = Ticks(e.BookedAt) };

    public Carer Apply(AssessmentCompleted e) =>
        this with
        {
            Assessments = Assessments
                .Select(a => a.AssessmentId == e.AssessmentId ? a with { Findings = e.Findings, CompletedAt = e.CompletedAt } : a)
                .ToList(),
            LastActivityUnixTicks = Ticks(e.CompletedAt),
        };

    public Carer Apply(EmergencyPlanRecorded e) =>
        this with
        {
            PlanVersion = e.Version,
            PlanOutline = e.Outline,
            Plan = e.Plan,
            PlanRecordedAt = e.RecordedAt,
            PlanContactsConfirmedAt = e.ContactsConfirmedAt,
            LastActivityUnixTicks = Ticks(e.RecordedAt),
        };

    /// <summary>Contacts are confirmed for the latest plan version only, so the confirmation holds for the plan as it stands.</summary>
    public Carer Apply(EmergencyContactsConfirmed e) =>
        this with
        {
            ContactsConfirmed = new ContactsConfirmation(e.PlanVersion, e.How, e.ConfirmedAt, Plan!),
            PlanContactsConfirmedAt = e.ConfirmedAt,
            LastActivityUnixTicks = Ticks(e.ConfirmedAt),
        };

    public Carer Apply(PlanConsentConfirmed e) =>
        this with { ConsentToSharePlan = e.ConsentToSharePlan, ConsentConfirmedAt = e.ConfirmedAt, LastActivityUnixTicks = Ticks(e.ConfirmedAt) };

    public Carer Apply(CarerErased e) => this with { ErasedAt = e.ErasedAt };

    /// <summary>An export is not activity: asking what is held must not keep it held for longer.</summary>
    public Carer Apply(CarerDataExported e) => this;

    public bool Erased => ErasedAt is not null;

    /// <summary>When the carer last said whether their plan may be shared: at registration, or when they confirmed it since.</summary>
    public Instant ConsentRecordedAt => ConsentConfirmedAt ?? RegisteredAt;

    public Instant LastActivityAt => Instant.FromUnixTimeTicks(LastActivityUnixTicks);

    public bool PlanOverdueForReview(LocalDate today) => PlanOutline is { } plan && today > plan.ReviewDate;

    /// <summary>Surname, date of birth and postcode in one normal form, for finding a carer whose card is not to hand.</summary>
    public static string SearchKeyFor(string surname, LocalDate dateOfBirth, string normalisedPostcode) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{string.Join(' ', surname.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant()}|{dateOfBirth:uuuu-MM-dd}|{normalisedPostcode}");

    /// <summary>The later of the two: events can be folded out of order of their own timestamps (a backdated import).</summary>
    private long Ticks(Instant at) => Math.Max(LastActivityUnixTicks, at.ToUnixTimeTicks());
}

/// <summary>Reading a carer's stream event by event (the export shows every plan version as it was).</summary>
public static class CarerHistory
{
    /// <summary>Folds one stored event, for reading a stream event by event (the export, past versions).</summary>
    public static Carer? Fold(Carer? carer, object e) => (carer, e) switch
    {
        (null, CarerRegistered registered) => Carer.Create(registered),
        (null, _) => null,
        (_, CaredForPersonRegistered x) => carer.Apply(x),
        (_, AssessmentBooked x) => carer.Apply(x),
        (_, AssessmentCompleted x) => carer.Apply(x),
        (_, EmergencyPlanRecorded x) => carer.Apply(x),
        (_, EmergencyContactsConfirmed x) => carer.Apply(x),
        (_, PlanConsentConfirmed x) => carer.Apply(x),
        (_, CarerErased x) => carer.Apply(x),
        _ => carer,
    };
}
