using Cers.Dispatch.Console.Board;
using NodaTime;

namespace Cers.Dispatch.Console.Tests;

public sealed class BoardCountdownTests
{
    [Fact]
    public void The_time_left_to_the_cover_limit_is_written_on_the_row_in_hours_and_minutes() =>
        BoardPage.TimeLeft(Duration.FromHours(47) + Duration.FromMinutes(5)).Should().Be("47 h 05 min left");

    [Fact]
    public void A_passed_limit_says_how_long_ago() =>
        BoardPage.TimeLeft(-(Duration.FromHours(2) + Duration.FromMinutes(10))).Should().Be("limit passed 2 h 10 min ago");
}
