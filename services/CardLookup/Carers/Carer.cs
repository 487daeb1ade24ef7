using Cers.Dispatch.CardLookup.Common;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

public sealed record CaredForPerson(Guid PersonId, PersonName Name, LocalDate DateOfBirth, string Relationship, Instant RegisteredAt);

public sealed record Assessment(Guid AssessmentId, LocalDateTime At, string Assessor, Instant BookedAt, string? Findings, Instant? CompletedAt)
{
    public bool Done => CompletedAt is not null;
}

/// <summary>
/// A registered carer folded from their stream: the register entry, the people they care for, assessments and the
/// current plan. The plan's secrets are dropped here, so this document can never leak them.
/// </summary>
public sealed record Carer(
    Guid Id,
    PersonName Name,
    LocalDate DateOfBirth,
    Address Address,
    IReadOnlyList<Phone> Phones,
    string PreferredLanguage,
    string HubReference,
    bool ConsentToSharePlan,
    Instant RegisteredAt,
    IReadOnlyList<CaredForPerson> CaredFor,
    IReadOnlyList<Assessment> Assessments,
    int PlanVersion,
    EmergencyPlan? Plan,
    Instant? PlanRecordedAt,
    string SearchKey)
{
    public static Carer Create(CarerRegistered e) => new(
        e.CarerId, e.Name, e.DateOfBirth, e.Address, e.Phones, e.PreferredLanguage, e.HubReference, e.ConsentToSharePlan,
        e.RegisteredAt, [], [], 0, null, null, SearchKeyFor(e.Name.Last, e.DateOfBirth, e.Address.Postcode));

    public Carer Apply(CaredForPersonRegistered e) =>
        this with { CaredFor = [.. CaredFor, new CaredForPerson(e.PersonId, e.Name, e.DateOfBirth, e.Relationship, e.RegisteredAt)] };

    public Carer Apply(AssessmentBooked e) =>
        this with { Assessments = [.. Assessments, new Assessment(e.AssessmentId, e.At, e.Assessor, e.BookedAt, null, null)] };

    public Carer Apply(AssessmentCompleted e) =>
        this with
        {
            Assessments = Assessments
                .Select(a => a.AssessmentId == e.AssessmentId ? a with { Findings = e.Findings, CompletedAt = e.CompletedAt } : a)
                .ToList(),
        };

    public Carer Apply(EmergencyPlanRecorded e) =>
        this with { PlanVersion = e.Version, Plan = e.Plan.WithoutSecrets(), PlanRecordedAt = e.RecordedAt };

    public string Nation => Postcodes.Nation(Address.Postcode);

    /// <summary>Postcode district and town, e.g. "LS6 Leeds": enough for an SMS to staff without the address.</summary>
    public string Area => $"{Postcodes.District(Address.Postcode)} {Address.Town}";

    public bool PlanOverdueForReview(LocalDate today) => Plan is { } plan && today > plan.ReviewDate;

    /// <summary>Surname, date of birth and postcode in one normal form, for finding a carer whose card is not to hand.</summary>
    public static string SearchKeyFor(string surname, LocalDate dateOfBirth, string normalisedPostcode) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{string.Join(' ', surname.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant()}|{dateOfBirth:uuuu-MM-dd}|{normalisedPostcode}");
}
