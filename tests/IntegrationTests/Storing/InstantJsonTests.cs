using System.Text.Json;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Cers.Dispatch.IntegrationTests.Storing;

/// <summary>Instants in stored documents and messages read back exactly as NodaTime's own converter reads them.</summary>
public sealed class InstantJsonTests
{
    private static readonly JsonSerializerOptions NodaTimeOnly = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    private sealed record Stamped(Instant At, Instant? Until);

    [Fact]
    public void Any_instant_written_down_reads_back_the_same_to_the_nanosecond()
    {
        var random = new Random(20261206);
        var from = Instant.FromUtc(1900, 1, 1, 0, 0);
        var instants = Enumerable.Range(0, 5000).Select(i =>
        {
            var at = from + Duration.FromSeconds(random.NextInt64(0, 200L * 365 * 24 * 3600));
            return (i % 4) switch
            {
                0 => at,
                1 => at + Duration.FromMilliseconds(random.Next(1000)),
                2 => at + Duration.FromTicks(random.Next((int)NodaConstants.TicksPerSecond)),
                _ => at + Duration.FromNanoseconds(random.Next(1_000_000_000)),
            };
        }).Concat([Instant.FromUtc(2026, 3, 29, 1, 0), Instant.FromUtc(2026, 10, 25, 1, 0), Instant.FromUnixTimeTicks(0)]);

        foreach (var at in instants)
        {
            var json = JsonSerializer.Serialize(new Stamped(at, at + Duration.FromHours(48)), NodaTimeJson.Web);

            json.Should().Be(JsonSerializer.Serialize(new Stamped(at, at + Duration.FromHours(48)), NodaTimeOnly), "instants are written as before");
            JsonSerializer.Deserialize<Stamped>(json, NodaTimeJson.Web).Should().Be(new Stamped(at, at + Duration.FromHours(48)));
        }
    }

    [Theory]
    [InlineData("2026-13-01T09:00:00Z")]
    [InlineData("2026-12-06T25:00:00Z")]
    [InlineData("2026-12-06T09:00:00+01:00")]
    [InlineData("2026-12-06")]
    [InlineData("yesterday")]
    public void A_string_that_is_not_an_instant_is_refused_as_NodaTime_refuses_it(string text)
    {
        var json = $$"""{"at":"{{text}}","until":null}""";

        var reading = () => JsonSerializer.Deserialize<Stamped>(json, NodaTimeJson.Web);

        reading.Should().Throw<Exception>();
        ((Func<Stamped?>)(() => JsonSerializer.Deserialize<Stamped>(json, NodaTimeOnly))).Should().Throw<Exception>();
    }

    [Fact]
    public void A_missing_end_reads_as_none() =>
        JsonSerializer.Deserialize<Stamped>("""{"at":"2026-12-06T09:00:00Z","until":null}""", NodaTimeJson.Web)
            .Should().Be(new Stamped(Instant.FromUtc(2026, 12, 6, 9, 0), null));
}
