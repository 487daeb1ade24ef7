using Cers.Dispatch.CardLookup.Lookup;
using Cers.Dispatch.CardLookup.Lookup.Guessing;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class CardGuessingTests
{
    private static readonly Instant T0 = Demo.Now;

    private static CardGuessingWatch Watch() => new(Options.Create(new LookupProtectionOptions { GuessingThreshold = 5, GuessingWindowMinutes = 10 }));

    [Fact]
    public void The_fifth_wrong_card_number_within_ten_minutes_raises_the_alert_once()
    {
        var watch = Watch();

        var answers = Enumerable.Range(0, 7).Select(i => watch.Failed("phone:+447700900123", T0 + Duration.FromMinutes(i))).ToList();

        answers.Take(4).Should().AllSatisfy(a => a.Should().BeNull());
        answers[4].Should().Be((5, T0));
        answers.Skip(5).Should().AllSatisfy(a => a.Should().BeNull(), "one alert per source per window");
    }

    [Fact]
    public void Mistakes_spread_over_the_day_are_not_guessing()
    {
        var watch = Watch();

        Enumerable.Range(0, 20).Select(i => watch.Failed("phone:+447700900123", T0 + Duration.FromMinutes(i * 3))).ToList().Should().AllSatisfy(a => a.Should().BeNull());
    }

    [Fact]
    public void Each_source_is_counted_on_its_own()
    {
        var watch = Watch();

        var raised = Enumerable.Range(0, 8).Select(i => watch.Failed($"phone:+44770090012{i % 2}", T0 + Duration.FromSeconds(i))).Count(a => a is not null);

        raised.Should().Be(0);
    }
}
