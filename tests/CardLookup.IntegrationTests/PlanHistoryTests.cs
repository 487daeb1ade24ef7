using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cers.Dispatch.ServiceDefaults.Access;

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

    [Fact]
    public async Task A_revision_that_keeps_the_door_secrets_carries_them_into_the_new_version_unseen()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        var revision = PlanWith(personId, new JsonObject { ["pets"] = "Two cats", ["keepDoorSecrets"] = true });

        var version = await hub.RecordPlanAsync(carerId, revision);

        version.Should().Be(2);
        var plan = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan");
        plan.GetProperty("homeAccess").GetProperty("keySafeFitted").GetBoolean().Should().BeTrue();
        plan.GetProperty("homeAccess").GetProperty("pets").GetString().Should().Be("Two cats");
        var export = await fixture.Host.CreateClientAs(CersRoles.Administrator).GetFromJsonAsync<JsonElement>($"/carers/{carerId}/data-export");
        export.GetProperty("planVersions").EnumerateArray().Select(v => v.GetProperty("doorSecrets").GetProperty("keySafeCode").GetString())
            .Should().Equal("7391", "7391");
        export.GetProperty("planVersions")[1].GetProperty("doorSecrets").GetProperty("entryInstructions").GetString()
            .Should().Be("Side gate; back door sticks, lift and push.");
    }

    [Fact]
    public async Task Keeping_the_door_secrets_while_giving_new_ones_is_refused()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();

        using var response = await client.PutAsJsonAsync(
            $"/carers/{carerId}/plan", PlanWith(personId, new JsonObject { ["keySafeCode"] = "1111", ["keepDoorSecrets"] = true }));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .Should().Equal("homeAccess.keepDoorSecrets");
    }

    private JsonObject PlanWith(Guid personId, JsonObject homeAccess)
    {
        var plan = JsonSerializer.SerializeToNode(hub.Plan(personId))!.AsObject();
        plan["homeAccess"] = homeAccess;
        return plan;
    }
}
