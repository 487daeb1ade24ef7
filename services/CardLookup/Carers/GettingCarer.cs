using Cers.Dispatch.CardLookup.Carers.ConfirmingContacts;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

public sealed record CaredForView(Guid PersonId, PersonName Name, LocalDate? DateOfBirth, string Relationship, Instant RegisteredAt);

/// <summary>
/// The register entry. After erasure: the same fields, personal values "[erased]" (dates and the address null).
/// <c>ConsentRecordedAt</c>: when the carer last said whether the plan may be shared (registration or a confirmation since).
/// <c>ContactsConfirmed</c>: the last confirmation of the emergency contacts and the plan version it was for;
/// <c>PlanContactsConfirmedAt</c>: when the contacts of the current version were confirmed, carried over from an earlier
/// version with the same numbers, null when never or when a number changed since.
/// </summary>
public sealed record CarerView(
    Guid CarerId,
    PersonName Name,
    LocalDate? DateOfBirth,
    Address? Address,
    string Nation,
    string Area,
    IReadOnlyList<Phone> Phones,
    string PreferredLanguage,
    string HubReference,
    bool ConsentToSharePlan,
    Instant RegisteredAt,
    IReadOnlyList<CaredForView> CaredFor,
    IReadOnlyList<Assessment> Assessments,
    int PlanVersion,
    string CoverNote,
    bool Erased,
    Instant? ErasedAt,
    Instant ConsentRecordedAt,
    ContactsConfirmationView? ContactsConfirmed,
    Instant? PlanContactsConfirmedAt)
{
    public static CarerView Of(OpenedCarer c) => new(
        c.Id, c.Name, c.Details.DateOfBirth, c.Address, c.Nation, c.Area, c.Details.Phones, c.Details.PreferredLanguage,
        c.Details.HubReference, c.Stored.ConsentToSharePlan, c.Stored.RegisteredAt,
        c.CaredFor.Select(p => new CaredForView(p.PersonId, p.Name, p.DateOfBirth, p.Relationship, p.RegisteredAt)).ToList(),
        c.Assessments, c.Stored.PlanVersion, PlanView.CoverNoteFor(c), false, null,
        c.Stored.ConsentRecordedAt, ContactsConfirmationView.Of(c.Stored.ContactsConfirmed), c.Stored.PlanContactsConfirmedAt);

    public static CarerView OfErased(Carer c) => new(
        c.Id, Erasure.Name, null, null, c.Nation, c.Area, [], Erasure.Marker, Erasure.Marker, c.ConsentToSharePlan, c.RegisteredAt,
        c.CaredFor.Select(p => new CaredForView(p.PersonId, Erasure.Name, null, Erasure.Marker, p.RegisteredAt)).ToList(),
        c.Assessments.Select(a => new Assessment(a.AssessmentId, a.At, a.Assessor, a.BookedAt, a.Findings is null ? null : Erasure.Marker, a.CompletedAt)).ToList(),
        c.PlanVersion, Erasure.CoverNote, true, c.ErasedAt,
        c.ConsentRecordedAt, ContactsConfirmationView.Of(c.ContactsConfirmed), c.PlanContactsConfirmedAt);

    public static async Task<CarerView> OfAsync(Carer carer, PersonalDataVault vault, IQuerySession session, CancellationToken cancellationToken) =>
        await OpenedCarer.OpenAsync(carer, vault, session, cancellationToken) is { } opened ? Of(opened) : OfErased(carer);
}

public static class GetCarerSlice
{
    public static async Task<IResult> Handle(Guid carerId, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken) =>
        await session.LoadAsync<Carer>(carerId, cancellationToken) is { } carer
            ? Results.Ok(await CarerView.OfAsync(carer, vault, session, cancellationToken))
            : Problems.NotFound($"No carer {carerId}.");
}
