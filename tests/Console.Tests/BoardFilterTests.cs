using Cers.Dispatch.Console.Board;
using NodaTime;

namespace Cers.Dispatch.Console.Tests;

public sealed class BoardFilterTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 4, 22, 30);

    private static readonly BoardEntry Truro = new(
        Guid.NewGuid(), "Phone", "492177009912", "AdmittedToHospital", "PC Rowe (Devon and Cornwall Police)", Now - Duration.FromHours(30),
        BoardState.CoverInProgress, Area: "TR1 Truro", LimitAt: Now + Duration.FromHours(5), LimitHours: 48);

    private static readonly BoardEntry Leeds = new(
        Guid.NewGuid(), "PartnerApi", null, "Illness", "Paramedic J. Wood (Yorkshire Ambulance Service)", Now - Duration.FromMinutes(10),
        BoardState.CardNotIdentified, Area: "LS6 Leeds");

    private static IReadOnlyList<BoardEntry> Board => [Truro, Leeds];

    [Theory]
    [InlineData("4921 7700 99")]
    [InlineData("truro")]
    [InlineData("admitted to hospital")]
    [InlineData("Devon and Cornwall")]
    public void Words_find_an_activation_by_its_card_however_spaced_its_area_its_reason_or_who_reported_it(string words) =>
        new BoardFilter(words, null, null, null).Apply(Board, new HashSet<Guid>(), Now).Should().Equal(Truro);

    [Fact]
    public void A_state_a_cover_limit_within_some_hours_and_a_waiting_alarm_each_narrow_the_board()
    {
        new BoardFilter(null, "CardNotIdentified", null, null).Apply(Board, new HashSet<Guid>(), Now).Should().Equal(Leeds);
        new BoardFilter(null, null, "6", null).Apply(Board, new HashSet<Guid>(), Now).Should().Equal(Truro);
        new BoardFilter(null, null, "4", null).Apply(Board, new HashSet<Guid>(), Now).Should().BeEmpty();
        new BoardFilter(null, null, null, "waiting").Apply(Board, new HashSet<Guid> { Leeds.Id }, Now).Should().Equal(Leeds);
    }

    [Fact]
    public void No_filter_shows_everything_in_the_order_it_came()
    {
        var filter = new BoardFilter(null, null, null, null);

        filter.Any.Should().BeFalse();
        (filter with { Within = "" }).Any.Should().BeFalse("a browser sends an empty box as an empty value");
        filter.Apply(Board, new HashSet<Guid>(), Now).Should().Equal(Truro, Leeds);
    }
}
