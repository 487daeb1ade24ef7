using Cers.Dispatch.Console.Activations;
using NodaTime;

namespace Cers.Dispatch.Console.Register;

/// <summary>
/// The carer as card lookup registers them (GET /carers/{id}); after erasure the personal values read "[erased]".
/// <c>PlanContactsConfirmedAt</c> is when the current plan's contacts were confirmed, null when never or a number changed since.
/// </summary>
public sealed record RegisteredCarer(
    Guid CarerId,
    NameShown? Name,
    LocalDate? DateOfBirth,
    AddressShown? Address,
    string? Nation,
    string? Area,
    IReadOnlyList<PhoneShown>? Phones,
    string? PreferredLanguage,
    string? HubReference,
    bool ConsentToSharePlan,
    Instant RegisteredAt,
    IReadOnlyList<PersonCaredFor>? CaredFor,
    IReadOnlyList<AssessmentShown>? Assessments,
    int PlanVersion,
    string? CoverNote,
    bool Erased,
    Instant? ErasedAt,
    Instant? ConsentRecordedAt = null,
    ContactsConfirmationShown? ContactsConfirmed = null,
    Instant? PlanContactsConfirmedAt = null);

/// <summary>The last time the emergency contacts were reached: for which plan version, how ("phoned", "in-person", "sms-reply"), when.</summary>
public sealed record ContactsConfirmationShown(int PlanVersion, string? How, Instant ConfirmedAt);

public sealed record AddressShown(string? Line1, string? Line2, string? Town, string? Postcode, double? Latitude, double? Longitude)
{
    public override string ToString() =>
        string.Join(", ", new[] { Line1, Line2, string.Join(' ', new[] { Town, Postcode }.Where(p => !string.IsNullOrWhiteSpace(p))) }
            .Where(p => !string.IsNullOrWhiteSpace(p)));
}

public sealed record PhoneShown(string? Label, string? Number);

public sealed record PersonCaredFor(Guid PersonId, NameShown? Name, LocalDate? DateOfBirth, string? Relationship, Instant RegisteredAt);

/// <summary>An assessment: <c>At</c> is the appointment in UK local time.</summary>
public sealed record AssessmentShown(Guid AssessmentId, LocalDateTime At, string? Assessor, Instant BookedAt, string? Findings, Instant? CompletedAt, bool Done);

/// <summary>A card as card lookup gives it: GET /cards/{n} (with the carer) or GET /carers/{id}/cards (with its dates).</summary>
public sealed record CardShown(
    string CardNumber,
    string? CardNumberGrouped,
    Guid? CarerId,
    string? Status,
    bool Works,
    string? ReplacesCardNumber,
    string? ReplacedByCardNumber,
    string? StatusReason,
    Instant? IssuedAt,
    Instant? StatusChangedAt);

/// <summary>What card lookup answers to a search by surname, date of birth and postcode (GET /lookup/carer).</summary>
public sealed record CarerSearchShown(IReadOnlyList<SearchMatchShown>? Matches);

public sealed record SearchMatchShown(Guid CarerId, string? CardNumberGrouped, string? CardStatus, SearchCarerShown? Carer, SearchAddressShown? Address);

public sealed record SearchCarerShown(string? FirstName, string? LastName, LocalDate? DateOfBirth);

public sealed record SearchAddressShown(string? Line1, string? Line2, string? Town, string? Postcode);

/// <summary>A carer found on the register page, however they were found.</summary>
public sealed record FoundCarer(Guid CarerId, string Name, LocalDate? DateOfBirth, string Home, string Card)
{
    public static FoundCarer Of(CardShown card, RegisteredCarer carer) => new(
        carer.CarerId, carer.Name?.ToString() ?? "", carer.DateOfBirth, carer.Address?.ToString() ?? "",
        $"{card.CardNumberGrouped}: {RegisterWording.CardStatus(card.Status)}");

    public static FoundCarer Of(SearchMatchShown match) => new(
        match.CarerId,
        string.Join(' ', new[] { match.Carer?.FirstName, match.Carer?.LastName }.Where(p => !string.IsNullOrWhiteSpace(p))),
        match.Carer?.DateOfBirth,
        new AddressShown(match.Address?.Line1, match.Address?.Line2, match.Address?.Town, match.Address?.Postcode, null, null).ToString(),
        match.CardNumberGrouped is null ? "no card yet" : $"{match.CardNumberGrouped}: {RegisterWording.CardStatus(match.CardStatus)}");
}

/// <summary>What was typed into one of a page's forms, shown again, with the service's refusal in plain words when it refused.</summary>
public sealed record Typed(string Form, IReadOnlyDictionary<string, string> Values, string? Problem = null)
{
    public static Typed From(string form, IFormCollection posted, string? problem = null) => new(
        form,
        posted.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal) && k != Forms.SubmittedOnce.FieldName)
            .ToDictionary(k => k, k => posted[k].ToString(), StringComparer.Ordinal),
        problem);

    public string? Kept(string form, string field) => Form == form ? Values.GetValueOrDefault(field) : null;

    public string? ProblemFor(string form) => Form == form ? Problem : null;
}
