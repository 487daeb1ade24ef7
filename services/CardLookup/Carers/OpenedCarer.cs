using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

public sealed record CaredForPerson(Guid PersonId, PersonName Name, LocalDate DateOfBirth, string Relationship, Instant RegisteredAt);

public sealed record Assessment(Guid AssessmentId, LocalDateTime At, string Assessor, Instant BookedAt, string? Findings, Instant? CompletedAt)
{
    public bool Done => CompletedAt is not null;
}

/// <summary>A carer with the seals opened, for the views that show people to staff. Built only for a carer whose key still exists.</summary>
public sealed record OpenedCarer(
    Carer Stored,
    CarerDetails Details,
    IReadOnlyList<CaredForPerson> CaredFor,
    IReadOnlyList<Assessment> Assessments,
    EmergencyPlan? Plan)
{
    public Guid Id => Stored.Id;

    public PersonName Name => Details.Name;

    public Address Address => Details.Address;

    public string Nation => Stored.Nation;

    public string Area => Stored.Area;

    public static OpenedCarer Open(Carer carer, SubjectKey key) => new(
        carer,
        key.Open(carer.Details),
        carer.CaredFor.Select(p =>
        {
            var person = key.Open(p.Details);
            return new CaredForPerson(p.PersonId, person.Name, person.DateOfBirth, person.Relationship, p.RegisteredAt);
        }).ToList(),
        carer.Assessments.Select(a => new Assessment(a.AssessmentId, a.At, a.Assessor, a.BookedAt, key.OpenOrDefault(a.Findings), a.CompletedAt)).ToList(),
        key.OpenOrDefault(carer.Plan));

    /// <summary>The carer opened, or null when their data was erased (their key is gone, or they were marked erased).</summary>
    public static async Task<OpenedCarer?> OpenAsync(Carer carer, PersonalDataVault vault, IQuerySession session, CancellationToken cancellationToken) =>
        !carer.Erased && await vault.KeyOfAsync(session, carer.Details, cancellationToken) is { } key ? Open(carer, key) : null;

    public static string KeySubject(Guid carerId) => $"carer:{carerId}";
}

/// <summary>How a carer's erased data reads: every value marked, so records keep their shape.</summary>
public static class Erasure
{
    public const string Marker = PersonalData.Erased;

    public static readonly PersonName Name = new(Marker, Marker);

    public static string CoverNote => $"{Marker}: the carer's personal data was erased.";
}
