using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class PlanHistoryTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient client = fixture.Client();

    [Fact]
    public async Task The_plan_as_it_stood_at_a_past_instant_is_shown_as_it_was()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        await hub.RecordPlanAsync(carerId, hub.Plan(personId, reviewInDays: 90));
        var versions = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan/versions");
        var firstStoredAt = versions[0].GetProperty("storedAt").GetString()!;

        var then = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan?asOf={Uri.EscapeDataString(firstStoredAt)}");
        var now = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan");

        versions.GetArrayLength().Should().Be(2);
        then.GetProperty("version").GetInt32().Should().Be(1);
        then.GetProperty("reviewDate").GetString().Should().Be(hub.DaysFromToday(180));
        now.GetProperty("version").GetInt32().Should().Be(2);
        now.GetProperty("reviewDate").GetString().Should().Be(hub.DaysFromToday(90));
    }

    [Fact]
    public async Task Before_the_carer_was_registered_there_was_no_plan()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();
        var longAgo = DateTimeOffset.Parse("2020-01-01T00:00:00Z", CultureInfo.InvariantCulture).ToString("O", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal);

        using var response = await client.GetAsync($"/carers/{carerId}/plan?asOf={Uri.EscapeDataString(longAgo)}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_instant_that_is_not_ISO_is_refused()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        using var response = await client.GetAsync($"/carers/{carerId}/plan?asOf=yesterday");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("asOf");
    }
}
