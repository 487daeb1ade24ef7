using Cers.Dispatch.CrisisIntake.Collaborators;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.CardIndex;

/// <summary>
/// What the phone line knows of one card without asking card lookup: whose it is, whether it is in use, and the nation
/// and area of the carer's plan. Kept from card lookup's card and plan messages, and from card lookup's answers when a
/// card was not known yet. Each change carries the instant it happened, so one delivered late or again never undoes a
/// later one.
/// </summary>
public sealed record KnownCard(string Id, Guid CarerId, string Status, Instant StatusAsOf, string? Nation, string? Area)
{
    /// <summary>Card lookup's name for the one status in which a card works.</summary>
    public const string InUse = "Active";

    public const string Replaced = "Replaced";

    /// <summary>The check the phone line answers with, or null while it does not know where the carer lives.</summary>
    public CardCheck.Identified? Check =>
        Nation is null || Area is null ? null : new CardCheck.Identified(Id, CarerId, Status, Status == InUse, Nation, Area, FromCardIndex: true);

    public static KnownCard FirstHeard(string cardNumber, Guid carerId, string status, Instant at, KnownCarer? carer) =>
        new(cardNumber, carerId, status, at, carer?.Nation, carer?.Area);

    /// <summary>The card's status as of <paramref name="at"/>; a status known as of a later instant stands.</summary>
    public KnownCard With(string status, Instant at) => at < StatusAsOf ? this : this with { Status = status, StatusAsOf = at };

    public KnownCard LivingIn(KnownCarer carer) => this with { Nation = carer.Nation, Area = carer.Area };

    /// <summary>Card lookup's status for a revocation's reason ("lost", "stolen", "suspended:moved-away", ...).</summary>
    public static string StatusRevokedFor(string reason) => reason.Split(':')[0] switch
    {
        "lost" => "Lost",
        "stolen" => "Stolen",
        "withdrawn" => "Withdrawn",
        _ => "Suspended",
    };

    /// <summary>A withdrawn card's carer was erased: the card is forgotten, and card lookup says it is no longer registered.</summary>
    public static bool Forgets(string reason) => reason.StartsWith("withdrawn", StringComparison.Ordinal);
}

/// <summary>
/// Where a carer's latest plan applies, as its version said; the carer's cards carry a copy. An erased carer is kept
/// as their id alone, so a card message delivered late cannot bring a card of theirs back.
/// </summary>
public sealed record KnownCarer(Guid Id, int PlanVersion, string? Nation, string? Area, bool Erased = false)
{
    public static KnownCarer ErasedOne(Guid id) => new(id, int.MaxValue, null, null, Erased: true);

    /// <summary>A carer heard of by a card before any plan of theirs: any plan version is newer.</summary>
    public static KnownCarer NoPlanYet(Guid id) => new(id, PlanVersion: 0, Nation: null, Area: null);
}
