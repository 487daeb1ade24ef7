using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Testing;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class TwoCarerPlanTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient client = fixture.Client();

    [Fact]
    public async Task A_plan_needing_two_care_workers_at_once_is_shown_listed_and_told_to_rostering()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        var plan = JsonSerializer.SerializeToNode(hub.Plan(personId))!;
        plan["workersNeeded"] = 2;

        var version = await hub.RecordPlanAsync(carerId, plan);

        version.Should().Be(2);
        (await Heard<Published.EmergencyPlanChanged>(m => m.CarerId == carerId && m.Version == 2)).WorkersNeeded.Should().Be(2);
        (await Heard<Published.EmergencyPlanChanged>(m => m.CarerId == carerId && m.Version == 1)).WorkersNeeded.Should().Be(1, "a plan that does not say needs one");
        var shown = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan");
        shown.GetProperty("workersNeeded").GetInt32().Should().Be(2);
        var versions = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan/versions");
        versions.EnumerateArray().Select(v => v.GetProperty("workersNeeded").GetInt32()).Should().Equal(1, 2);
    }

    [Fact]
    public async Task Three_care_workers_at_once_is_refused_naming_it_and_nothing_is_recorded()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        var plan = JsonSerializer.SerializeToNode(hub.Plan(personId))!;
        plan["workersNeeded"] = 3;

        using var response = await client.PutAsJsonAsync($"/carers/{carerId}/plan", plan);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().Equal("workersNeeded");
        errors.GetProperty("workersNeeded")[0].GetString().Should().Be("1, or 2 for a two-person transfer.");
        var versions = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan/versions");
        versions.GetArrayLength().Should().Be(1);
    }

    private Task<T> Heard<T>(Func<T, bool> matches) where T : class =>
        Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<T>().FirstOrDefault(matches)), what: typeof(T).Name);
}
