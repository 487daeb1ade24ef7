using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup.Demo;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class SearchAndAuditTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient client = fixture.Client();

    [Fact]
    public async Task Without_the_card_a_carer_is_found_by_surname_date_of_birth_and_postcode_as_spoken()
    {
        var surname = $"Mac{Guid.NewGuid():N}"[..12];
        var (carerId, _, cardNumber) = await hub.CarerWithCardAsync(Journeys.Carer(lastName: surname, dateOfBirth: "1969-12-31", postcode: "G12 8QQ"));

        var found = await client.GetFromJsonAsync<JsonElement>(
            $"/lookup/carer?surname={surname.ToLowerInvariant()}&dateOfBirth=1969-12-31&postcode=g128qq&channel=console&requestedBy=coordinator");

        var match = found.GetProperty("matches").EnumerateArray().Should().ContainSingle().Subject;
        match.GetProperty("carerId").GetGuid().Should().Be(carerId);
        match.GetProperty("cardNumber").GetString().Should().Be(cardNumber);
        match.GetProperty("works").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task An_administrator_keeping_the_register_finds_a_carer_by_surname_date_of_birth_and_postcode_and_the_search_is_recorded()
    {
        var surname = $"Reg{Guid.NewGuid():N}"[..12];
        var (carerId, _, _) = await hub.CarerWithCardAsync(Journeys.Carer(lastName: surname, dateOfBirth: "1971-03-02", postcode: "G12 8QQ"));
        var administrator = $"Ada Admin {Guid.NewGuid():N}";

        var found = await fixture.Host.CreateClientAs(CersRoles.Administrator).GetFromJsonAsync<JsonElement>(
            $"/lookup/carer?surname={surname}&dateOfBirth=1971-03-02&postcode=G12%208QQ&channel=console&requestedBy={Uri.EscapeDataString(administrator)}");

        found.GetProperty("matches").EnumerateArray().Should().ContainSingle().Which.GetProperty("carerId").GetGuid().Should().Be(carerId);
        await Eventually.GetAsync(async () =>
        {
            var records = await client.GetFromJsonAsync<JsonElement>("/lookups");
            return records.EnumerateArray().Any(r => r.GetProperty("requestedBy").GetString() == administrator && r.GetProperty("result").GetString() == "Found") ? "recorded" : null;
        }, what: "the administrator's search in the lookup audit");
        using var byCard = await fixture.Host.CreateClientAs(CersRoles.Administrator).GetAsync("/lookup/card/123456789012?channel=console&requestedBy=admin");
        byCard.StatusCode.Should().Be(System.Net.HttpStatusCode.Forbidden, "looking a card up in an emergency stays with those coordinating");
    }

    [Fact]
    public async Task A_search_that_matches_nobody_answers_with_no_matches()
    {
        var found = await client.GetFromJsonAsync<JsonElement>(
            "/lookup/carer?surname=Nobody&dateOfBirth=1900-01-01&postcode=ZE1%200AA&channel=phone&requestedBy=coordinator");

        found.GetProperty("matches").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Every_lookup_is_recorded_and_a_supervisor_can_list_them()
    {
        var (carerId, _, cardNumber) = await hub.CarerWithCardAsync();
        var who = $"coordinator {Guid.NewGuid():N}";
        using var found = await hub.LookUpAsync(cardNumber, "partner", who);
        using var notValid = await hub.LookUpAsync("1234 5678 9012", "console", who);

        var mine = await Eventually.GetAsync(async () =>
        {
            var records = await client.GetFromJsonAsync<JsonElement>("/lookups");
            var matching = records.EnumerateArray().Where(r => r.GetProperty("requestedBy").GetString() == who).ToList();
            return matching.Count == 2 ? matching : null;
        }, what: "both lookups in the supervisors' list");

        mine.Should().ContainSingle(r => r.GetProperty("result").GetString() == "Found"
            && r.GetProperty("channel").GetString() == "Partner" && r.GetProperty("carerId").GetGuid() == carerId && r.GetProperty("cardNumber").GetString() == cardNumber);
        mine.Should().ContainSingle(r => r.GetProperty("result").GetString() == "NotValid" && r.GetProperty("channel").GetString() == "Console");
    }

    [Fact]
    public async Task Lookups_outside_the_period_asked_for_are_not_listed()
    {
        var records = await client.GetFromJsonAsync<JsonElement>("/lookups?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z");

        records.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Demo_data_seeds_working_cards_with_plans_and_seeding_twice_adds_nothing()
    {
        var now = fixture.Clock.GetCurrentInstant();
        var vault = fixture.Host.Services.GetRequiredService<PersonalDataVault>();
        var index = fixture.Host.Services.GetRequiredService<BlindIndex>();
        var cards = await DemoSeeder.SeedAsync(fixture.Store, vault, index, now, 30, CancellationToken.None);
        var again = await DemoSeeder.SeedAsync(fixture.Store, vault, index, now, 30, CancellationToken.None);

        again.Should().Equal(cards);
        cards.Count.Should().BeGreaterThan(25);
        foreach (var number in cards.Take(5))
        {
            var answer = await hub.LookUpOkAsync(number);
            answer.GetProperty("works").GetBoolean().Should().BeTrue();
            answer.GetProperty("hasPlan").GetBoolean().Should().BeTrue();
            answer.GetProperty("requiredSkills").GetArrayLength().Should().BeGreaterThan(0);
            answer.GetProperty("emergencyContacts").GetArrayLength().Should().Be(2);
        }
    }
}
