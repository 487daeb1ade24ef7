using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Marten;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class ErasureTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient administrator = fixture.Host.CreateClientAs(CersRoles.Administrator);
    private readonly HttpClient client = fixture.Client();

    private async Task EraseAsync(Guid carerId)
    {
        using var response = await administrator.PostAsJsonAsync($"/carers/{carerId}/erasure", new { reason = "erasure request DSR-2026-114" });
        await Journeys.Expect(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task After_erasure_every_plan_version_is_still_listed_but_reads_erased()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        await hub.RecordPlanAsync(carerId, hub.Plan(personId, reviewInDays: 90));
        var firstStoredAt = (await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan/versions"))[0].GetProperty("storedAt").GetString()!;
        var eventsBefore = await RawTables.EventDataAsync(fixture, carerId);

        await EraseAsync(carerId);

        var versions = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan/versions");
        versions.GetArrayLength().Should().Be(2);
        versions.EnumerateArray().Should().AllSatisfy(v => v.GetProperty("erased").GetBoolean().Should().BeTrue());
        var then = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan?asOf={Uri.EscapeDataString(firstStoredAt)}");
        then.GetProperty("version").GetInt32().Should().Be(1);
        then.GetProperty("erased").GetBoolean().Should().BeTrue();
        then.GetProperty("people")[0].GetProperty("personId").GetGuid().Should().Be(personId);
        then.GetProperty("people")[0].GetProperty("firstName").GetString().Should().Be("[erased]");
        then.GetProperty("people")[0].GetProperty("careNeeds").GetString().Should().Be("[erased]");
        then.GetProperty("requiredSkills").EnumerateArray().Select(s => s.GetString()).Should().Contain("epilepsy");

        var eventsAfter = await RawTables.EventDataAsync(fixture, carerId);
        eventsAfter.Take(eventsBefore.Count).Should().Equal(eventsBefore, "the history is append-only: erasure changes no stored event");
        (await RawTables.EventTypesAsync(fixture, carerId))[^1].Should().Be("carer_erased");
        (await RawTables.DataKeysOfAsync(fixture, carerId)).Should().BeEmpty("the key is what was deleted");
    }

    [Fact]
    public async Task The_register_entry_keeps_its_shape_with_the_personal_values_marked_erased()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        await EraseAsync(carerId);

        var carer = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}");
        carer.GetProperty("erased").GetBoolean().Should().BeTrue();
        carer.GetProperty("name").GetProperty("first").GetString().Should().Be("[erased]");
        carer.GetProperty("phones").GetArrayLength().Should().Be(0);
        carer.GetProperty("area").GetString().Should().Be("G12 Glasgow");
        carer.GetProperty("caredFor")[0].GetProperty("name").GetProperty("last").GetString().Should().Be("[erased]");
    }

    [Fact]
    public async Task The_card_stops_working_and_says_it_is_no_longer_registered()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();

        await EraseAsync(carerId);

        using var lookup = await hub.LookUpAsync(card);
        lookup.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Be("Card no longer registered");
        problem.GetProperty("reason").GetString().Should().Be("erased");
        (await client.GetFromJsonAsync<JsonElement>($"/cards/{card}")).GetProperty("status").GetString().Should().Be("Withdrawn");
        var search = await client.GetFromJsonAsync<JsonElement>("/lookup/carer?surname=Okafor&dateOfBirth=1975-06-14&postcode=G12%208QQ&channel=console&requestedBy=coordinator");
        search.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("carerId").GetGuid()).Should().NotContain(carerId);
        await Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<Published.CardRevoked>().FirstOrDefault(r => r.CardNumber == card && r.Reason == "withdrawn:erased")));
        await Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<Published.CarerErased>().FirstOrDefault(e => e.CarerId == carerId && e.Ground == "request")));
    }

    [Fact]
    public async Task The_lookup_audit_keeps_every_entry_with_the_query_marked_erased()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();
        await hub.LookUpOkAsync(card);
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.Query<LookupRecord>().FirstOrDefaultAsync(r => r.CarerId == carerId);
        }, what: "the lookup to be recorded");

        await EraseAsync(carerId);

        var records = await client.GetFromJsonAsync<JsonElement>("/lookups");
        var mine = records.EnumerateArray().Where(r => r.TryGetProperty("carerId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == carerId).ToList();
        mine.Should().ContainSingle();
        mine[0].GetProperty("query").GetString().Should().Be("[erased]");
        mine[0].GetProperty("result").GetString().Should().Be("Found");
        mine[0].GetProperty("requestedBy").GetString().Should().Be("coordinator: A Khan");
    }

    [Fact]
    public async Task Nothing_more_is_recorded_for_an_erased_carer_and_erasing_twice_is_refused()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        await EraseAsync(carerId);

        using var plan = await client.PutAsJsonAsync($"/carers/{carerId}/plan", hub.Plan(personId));
        using var again = await administrator.PostAsJsonAsync($"/carers/{carerId}/erasure", new { reason = "again" });

        plan.StatusCode.Should().Be(HttpStatusCode.Conflict);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_erasure_needs_a_reason_and_without_one_nothing_is_erased()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();

        using var response = await administrator.PostAsJsonAsync($"/carers/{carerId}/erasure", new { reason = " " });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("reason");
        (await hub.LookUpOkAsync(card)).GetProperty("carer").GetProperty("lastName").GetString().Should().Be("Okafor");
    }

    [Theory]
    [InlineData(CersRoles.Coordinator)]
    [InlineData(CersRoles.Supervisor)]
    public async Task Only_an_administrator_may_erase(string role)
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();

        using var response = await fixture.Host.CreateClientAs(role).PostAsJsonAsync($"/carers/{carerId}/erasure", new { reason = "asked" });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await hub.LookUpOkAsync(card)).GetProperty("works").GetBoolean().Should().BeTrue();
    }
}
