using Cers.Dispatch.Console.Reports;
using NodaTime;

namespace Cers.Dispatch.Console.Tests;

public sealed class SpreadTests
{
    private static Duration[] Minutes(params double[] minutes) => minutes.Select(Duration.FromMinutes).ToArray();

    [Fact]
    public void The_median_of_an_even_count_is_halfway_between_the_middle_two_whatever_order_they_came_in()
    {
        var spread = Spread.Of(Minutes(40, 10, 30, 20));

        spread.Count.Should().Be(4);
        spread.Median.Should().Be(Duration.FromMinutes(25));
    }

    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_one()
    {
        Spread.Of(Minutes(7, 3, 100)).Median.Should().Be(Duration.FromMinutes(7));
    }

    [Fact]
    public void The_90th_percentile_interpolates_between_closest_ranks_as_a_spreadsheet_PERCENTILE_INC_does()
    {
        // =PERCENTILE.INC({1,2,...,10}, 0.9) is 9.1 and =MEDIAN(...) 5.5.
        var spread = Spread.Of(Minutes(10, 9, 8, 7, 6, 5, 4, 3, 2, 1));

        spread.Median!.Value.TotalMinutes.Should().BeApproximately(5.5, 1e-9);
        spread.Percentile90!.Value.TotalMinutes.Should().BeApproximately(9.1, 1e-9);
    }

    [Fact]
    public void One_slow_response_in_twenty_shows_in_the_90th_percentile_but_not_in_the_median()
    {
        var spread = Spread.Of([.. Enumerable.Repeat(Duration.FromMinutes(12), 18), Duration.FromMinutes(95), Duration.FromMinutes(240)]);

        spread.Median.Should().Be(Duration.FromMinutes(12));
        // Rank 0.9 × 19 = 17.1: a tenth of the way from the 18th value (12) to the 19th (95).
        spread.Percentile90!.Value.TotalMinutes.Should().BeApproximately(12 + 8.3, 1e-9);
    }

    [Fact]
    public void A_single_activation_is_its_own_median_and_90th_percentile()
    {
        var spread = Spread.Of(Minutes(17));

        spread.Should().Be(new Spread(1, Duration.FromMinutes(17), Duration.FromMinutes(17)));
    }

    [Fact]
    public void No_activations_give_no_figures_rather_than_zero()
    {
        Spread.Of([]).Should().Be(Spread.None);
        Spread.None.Median.Should().BeNull();
    }
}
