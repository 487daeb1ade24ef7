using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering.Dispatches;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>A coordinator limits how far workers travel for calls in an area; the ranking keeps to it and says so.</summary>
public sealed class TravelLimitTests
{
    [Fact]
    public async Task A_worker_beyond_the_areas_travel_limit_is_not_asked_and_raising_the_limit_offers_the_waiting_call_at_once()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            await SetAsync(cover.Client, "TR", 10, "Single-track lanes: more than 10 km is half an hour");
            // About 21 km north of Truro.
            var worker = await cover.ShiftWorkerAsync("Tamsin Further", 50.45, -5.05, Duration.FromHours(-1), Duration.FromHours(12));

            var activation = await cover.ActivationAsync(50.263, -5.051, "TR1 Truro");

            var waiting = await cover.Dispatch(activation, d => d.Status == DispatchStatus.Escalated);
            waiting.Offers.Should().BeEmpty("the only worker is beyond the area's limit");
            waiting.WaitingForFreeWorker.Should().BeTrue();
            var candidates = await cover.Client.GetFromJsonAsync<JsonElement>($"/dispatches/{activation}/candidates");
            candidates.GetProperty("excluded").EnumerateArray().Single(e => e.GetProperty("workerId").GetGuid() == worker.Id)
                .GetProperty("reasons").EnumerateArray().Select(r => r.GetString())
                .Should().Contain("20.8 km from base, beyond the 10 km travel limit for TR");

            await SetAsync(cover.Client, "TR", 30, "Nobody nearer tonight");

            var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            offer.Body.Should().Contain("TR1 Truro");
            var offered = await cover.Dispatch(activation, d => d.Offers.Count > 0);
            offered.Offers.Single().WorkerId.Should().Be(worker.Id);

            var limits = await cover.Client.GetFromJsonAsync<JsonElement>("/travel-limits");
            limits.GetProperty("defaultKm").GetDouble().Should().Be(60);
            var truro = limits.GetProperty("areas").EnumerateArray().Single();
            truro.GetProperty("area").GetString().Should().Be("TR");
            truro.GetProperty("maxKm").GetDouble().Should().Be(30);
            truro.GetProperty("setBy").GetString().Should().Be("Coordinator C. Ahmed");
            truro.GetProperty("reason").GetString().Should().Be("Nobody nearer tonight");
        });
    }

    [Fact]
    public async Task A_limit_for_no_known_area_or_without_kilometres_who_or_why_is_refused_naming_each_field_and_nothing_changes()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var client = fixture.Rostering.CreateClient();

            using var response = await client.PutAsJsonAsync("/travel-limits/XQ", new { maxKm = 0, by = " ", reason = (string?)null });

            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("area", "maxKm", "by", "reason");
            (await client.GetFromJsonAsync<JsonElement>("/travel-limits")).GetProperty("areas").GetArrayLength().Should().Be(0);
        });
    }

    private static async Task SetAsync(HttpClient client, string area, double maxKm, string reason)
    {
        using var response = await client.PutAsJsonAsync($"/travel-limits/{area}", new { maxKm, by = "Coordinator C. Ahmed", reason });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
