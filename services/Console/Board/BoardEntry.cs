using NodaTime;

namespace Cers.Dispatch.Console.Board;

/// <summary>The states a coordinator reads on the board, most urgent first in the enum's order of concern.</summary>
public enum BoardState
{
    CardNotIdentified,
    NobodyOnSite,
    AwaitingCardCheck,
    FindingStaff,
    OfferOut,
    StaffOnTheWay,
    CoverInProgress,
    Closed,
}

/// <summary>One activation on the live board: the console's own read model, built from the services' messages.</summary>
public sealed record BoardEntry(
    Guid Id,
    string Channel,
    string? CardNumber,
    string Reason,
    string ReportedBy,
    Instant OpenedAt,
    BoardState State,
    string? Area = null,
    string? OfferTo = null,
    Instant? OfferUntil = null,
    Instant? LimitAt = null,
    int LimitHours = 0,
    int Escalations = 0,
    string? LastEscalation = null,
    Instant? ClosedAt = null,
    string? CardProblem = null,
    bool HandoverPackDue = false,
    int PlacesNeeded = 0,
    int PlacesFilled = 0,
    int OnSite = 0,
    IReadOnlyList<Guid>? HandledMessages = null)
{
    /// <summary>"1 of 2 places filled, none on site": only for a plan needing several workers at once.</summary>
    public string? Places => PlacesNeeded > 1
        ? $"{PlacesFilled} of {PlacesNeeded} places filled, {(OnSite == 0 ? "none" : OnSite.ToString(System.Globalization.CultureInfo.InvariantCulture))} on site"
        : null;

    /// <summary>Escalated first, then the nearest cover limit, then those still without staff, oldest first.</summary>
    public static IEnumerable<BoardEntry> MostUrgentFirst(IEnumerable<BoardEntry> entries) =>
        entries
            .OrderByDescending(e => e.Escalations > 0)
            .ThenBy(e => e.State >= BoardState.StaffOnTheWay && e.State != BoardState.NobodyOnSite)
            .ThenBy(e => e.LimitAt ?? Instant.MaxValue)
            .ThenBy(e => e.OpenedAt);
}
