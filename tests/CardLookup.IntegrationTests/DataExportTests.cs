using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Marten;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class DataExportTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient administrator = fixture.Host.CreateClientAs(CersRoles.Administrator);

    [Fact]
    public async Task The_export_holds_every_plan_version_the_cards_the_lookups_and_who_saw_the_door_details()
    {
        var (carerId, personId, card) = await hub.CarerWithCardAsync();
        await hub.RecordPlanAsync(carerId, hub.Plan(personId, reviewInDays: 90, keySafe: "2468"));
        await hub.LookUpOkAsync(card);
        var cover = new CoverPlayer(fixture);
        await cover.OpenedForAsync(carerId, card);
        await Journeys.Expect(await fixture.Host.CreateClientAs(CersRoles.Coordinator).GetAsync($"/carers/{carerId}/door-details"), HttpStatusCode.OK);
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.Query<LookupRecord>().FirstOrDefaultAsync(r => r.CarerId == carerId);
        }, what: "the lookup to be recorded");

        using var response = await administrator.GetAsync($"/carers/{carerId}/data-export");

        await Journeys.Expect(response, HttpStatusCode.OK);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        export.GetProperty("carer").GetProperty("name").GetProperty("first").GetString().Should().Be("Grace");
        var versions = export.GetProperty("planVersions").EnumerateArray().ToList();
        versions.Select(v => v.GetProperty("version").GetInt32()).Should().Equal(1, 2);
        versions.Select(v => v.GetProperty("doorSecrets").GetProperty("keySafeCode").GetString()).Should().Equal("7391", "2468");
        versions[0].GetProperty("plan").GetProperty("reviewDate").GetString().Should().Be(hub.DaysFromToday(180));
        versions[1].GetProperty("plan").GetProperty("reviewDate").GetString().Should().Be(hub.DaysFromToday(90));
        export.GetProperty("cards")[0].GetProperty("card").GetProperty("cardNumber").GetString().Should().Be(card);
        export.GetProperty("cards")[0].GetProperty("history")[0].GetProperty("type").GetString().Should().Be("card_issued");
        export.GetProperty("lookups")[0].GetProperty("query").GetString().Should().Be($"card {card}");
        export.GetProperty("doorDetailViews")[0].GetProperty("activationId").GetGuid().Should().Be(cover.ActivationId);
        export.GetProperty("activations")[0].GetProperty("id").GetGuid().Should().Be(cover.ActivationId);
        export.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("type").GetString())
            .Should().StartWith(["carer_registered", "cared_for_person_registered"]);
        (await RawTables.EventTypesAsync(fixture, carerId))[^1].Should().Be("carer_data_exported", "an export is itself recorded");
    }

    [Fact]
    public async Task After_erasure_the_export_keeps_its_shape_with_nothing_personal_left()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();
        await Journeys.Expect(await administrator.PostAsJsonAsync($"/carers/{carerId}/erasure", new { reason = "DSR-2026-115" }), HttpStatusCode.OK);

        var export = await administrator.GetStringAsync($"/carers/{carerId}/data-export");

        var json = JsonDocument.Parse(export).RootElement;
        json.GetProperty("erased").GetBoolean().Should().BeTrue();
        json.GetProperty("planVersions")[0].GetProperty("plan").GetProperty("erased").GetBoolean().Should().BeTrue();
        json.GetProperty("planVersions")[0].GetProperty("doorSecrets").ValueKind.Should().Be(JsonValueKind.Null);
        export.Should().NotContain("Grace").And.NotContain("Byres Road");
        // The key safe's code on its own, not four digits inside a timestamp's fraction of a second.
        export.Should().NotMatchRegex(@"(?<!\d)7391(?!\d)");
    }

    [Fact]
    public async Task A_coordinator_cannot_export_a_carers_data()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        using var response = await fixture.Host.CreateClientAs(CersRoles.Coordinator).GetAsync($"/carers/{carerId}/data-export");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
