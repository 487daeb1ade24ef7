using System.Globalization;
using Cers.Dispatch.ServiceDefaults.Validation;
using NodaTime;

namespace Cers.Dispatch.Console.Board;

/// <summary>
/// What a coordinator narrows the board to on a busy night, from the address (<c>/?q=TR&amp;state=OfferOut&amp;within=6&amp;alarms=waiting</c>),
/// so a reload, a bookmark and the live updates all keep it: words to find (card number, area, reason, who reported),
/// one state, cover limits within some hours, or only activations with an alarm nobody has answered.
/// </summary>
public sealed record BoardFilter(string? Q, string? State, string? Within, string? Alarms)
{
    public static readonly (string Value, string Label)[] States =
        Enum.GetValues<BoardState>().Where(s => s != BoardState.Closed).Select(s => (s.ToString(), Supervision.Wording.Words(s.ToString()))).ToArray();

    public bool Any => !string.IsNullOrWhiteSpace(Q) || StateChosen is not null || HoursToLimit is not null || OnlyWithAlarms;

    /// <summary>The hours asked for, if a whole number from 1 (a browser sends an empty box as "").</summary>
    public int? HoursToLimit => int.TryParse(Within, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours > 0 ? hours : null;

    public bool OnlyWithAlarms => Alarms == "waiting";

    private BoardState? StateChosen => Parse.Enum<BoardState>(State);

    public IReadOnlyList<BoardEntry> Apply(IReadOnlyList<BoardEntry> entries, IReadOnlySet<Guid> withAlarmWaiting, Instant now) =>
        entries.Where(e => Matches(e, withAlarmWaiting, now)).ToList();

    private bool Matches(BoardEntry e, IReadOnlySet<Guid> withAlarmWaiting, Instant now) =>
        MatchesWords(e)
        && (StateChosen is not { } state || e.State == state)
        && (HoursToLimit is not { } hours || (e.LimitAt is { } limit && limit - now <= Duration.FromHours(hours)))
        && (!OnlyWithAlarms || withAlarmWaiting.Contains(e.Id));

    private bool MatchesWords(BoardEntry e)
    {
        if (string.IsNullOrWhiteSpace(Q))
        {
            return true;
        }

        var words = Q.Trim();
        var digits = Digits(words);
        // A card number is read out in groups ("4921 7700 99"); its digits find it however they were spaced.
        return Texts(e).Any(text => text?.Contains(words, StringComparison.OrdinalIgnoreCase) == true)
            || (digits.Length >= 4 && Digits(e.CardNumber).Contains(digits, StringComparison.Ordinal));
    }

    private static IEnumerable<string?> Texts(BoardEntry e) => [e.CardNumber, e.Area, Supervision.Wording.Words(e.Reason), e.ReportedBy, e.Channel];

    private static string Digits(string? text) => new((text ?? "").Where(char.IsAsciiDigit).ToArray());
}
