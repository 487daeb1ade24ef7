using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Lookup;

public sealed record LookupCarer(string FirstName, string LastName, LocalDate DateOfBirth, IReadOnlyList<Phone> Phones, string PreferredLanguage, bool ConsentToSharePlan);

public sealed record LookupAddress(string Line1, string? Line2, string Town, string Postcode, double Latitude, double Longitude, string Nation);

public sealed record LookupCaredFor(Guid PersonId, string FirstName, string LastName, LocalDate DateOfBirth, int Age, string Relationship);

/// <summary>
/// What a coordinator needs in the first minute of a call. Never carries the key-safe code or the entry instructions.
/// A card that does not work still answers, with <c>Works</c> false, so an emergency caller is never dead-ended.
/// <c>CardStatusChangedAt</c> is the instant of the card's latest change, the one its message carried (issued, lost,
/// reinstated...): a copy kept from this answer merges with the messages by it.
/// </summary>
public sealed record LookupAnswer(
    string? CardNumber,
    string? CardNumberGrouped,
    CardStatus? CardStatus,
    bool Works,
    string? CardStatusReason,
    string? ReplacedByCardNumber,
    Guid CarerId,
    LookupCarer Carer,
    LookupAddress Address,
    string Area,
    IReadOnlyList<LookupCaredFor> CaredFor,
    string CoverNote,
    bool HasPlan,
    PlanView? PlanSummary,
    IReadOnlyList<string> RequiredSkills,
    IReadOnlyList<EmergencyContact> EmergencyContacts,
    bool PlanOverdueForReview,
    Instant? CardStatusChangedAt)
{
    public static LookupAnswer Of(Card? card, OpenedCarer carer, LocalDate today)
    {
        var plan = PlanView.Of(carer, today);
        return new LookupAnswer(
            card?.CardNumber,
            card is null ? null : Cards.Numbers.CardNumber.Grouped(card.CardNumber),
            card?.Status,
            card?.Works ?? false,
            card?.StatusReason,
            card?.ReplacedByCardNumber,
            carer.Id,
            new LookupCarer(carer.Name.First, carer.Name.Last, carer.Details.DateOfBirth, carer.Details.Phones, carer.Details.PreferredLanguage, carer.Stored.ConsentToSharePlan),
            new LookupAddress(carer.Address.Line1, carer.Address.Line2, carer.Address.Town, carer.Address.Postcode, carer.Address.Latitude, carer.Address.Longitude, carer.Nation),
            carer.Area,
            carer.CaredFor.Select(p => new LookupCaredFor(p.PersonId, p.Name.First, p.Name.Last, p.DateOfBirth, Ages.On(p.DateOfBirth, today), p.Relationship)).ToList(),
            PlanView.CoverNoteFor(carer),
            plan is not null,
            plan,
            plan?.RequiredSkills ?? [],
            plan?.EmergencyContacts ?? [],
            plan?.OverdueForReview ?? false,
            card?.StatusChangedAt);
    }
}
