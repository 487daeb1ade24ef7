using Cers.Dispatch.Console.Rotas;
using Cers.Dispatch.Console.Staff;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Tests;

public sealed class StaffAndRotaWordsTests
{
    private static readonly LocalDate Today = new(2026, 11, 25);

    [Theory]
    [InlineData("2026-11-24", ExpiryState.Expired)]
    [InlineData("2026-11-25", ExpiryState.ExpiringSoon)]
    [InlineData("2026-12-25", ExpiryState.ExpiringSoon)]
    [InlineData("2026-12-26", ExpiryState.InDate)]
    public void An_expiry_is_flagged_once_past_or_within_thirty_days(string expiresOn, ExpiryState state) =>
        StaffWords.StateOf(LocalDatePattern.Iso.Parse(expiresOn).Value, Today).Should().Be(state);

    [Fact]
    public void A_stretch_across_midnight_is_shown_on_each_day_it_touches_in_UK_time()
    {
        // The clocks go forward on 28 Mar 2027: 20:00 on the 27th is still GMT (20:00Z); 08:00 on the 29th is BST (07:00Z).
        var lineUp = new LineUp(Instant.FromUtc(2027, 3, 27, 20, 0), Instant.FromUtc(2027, 3, 29, 7, 0), [], []);

        var days = RotaWords.ByDay([lineUp]).Select(s => $"{s.Day:uuuu-MM-dd} {RotaWords.Span(s)}").ToList();

        days.Should().Equal("2027-03-27 20:00 – midnight", "2027-03-28 All day", "2027-03-29 00:00 – 08:00");
    }
}
