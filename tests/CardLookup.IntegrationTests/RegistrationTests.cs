using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class RegistrationTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient client = fixture.Client();

    [Fact]
    public async Task A_registration_with_wrong_fields_names_each_and_stores_nothing()
    {
        var before = await EventCount();

        using var response = await client.PostAsJsonAsync("/carers", new
        {
            firstName = "Grace",
            dateOfBirth = "14/06/1975",
            address = new { line1 = "22 Byres Road", town = "Glasgow", postcode = "nowhere", latitude = 55.87, longitude = -4.28 },
            phones = new[] { new { number = "12" } },
            preferredLanguage = "English",
            hubReference = "HUB-X",
            registeredBy = "hub",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo("lastName", "dateOfBirth", "address.postcode", "phones[0].number", "consentToSharePlan");
        (await EventCount()).Should().Be(before);
    }

    [Fact]
    public async Task The_example_numbers_the_error_gives_and_real_UK_numbers_are_accepted_stored_in_E164()
    {
        using var response = await client.PostAsJsonAsync("/carers", new
        {
            firstName = "Grace",
            lastName = "Okafor",
            dateOfBirth = "1975-06-14",
            address = new { line1 = "22 Byres Road", town = "Glasgow", postcode = "G12 8QQ", latitude = 55.8721, longitude = -4.2885 },
            phones = new[]
            {
                new { label = "mobile", number = "07700 900123" },
                new { label = "home", number = "01632 960123" },
                new { label = "work", number = "01223 496070" },
            },
            preferredLanguage = "English",
            hubReference = $"HUB-PH-{Guid.NewGuid():N}"[..20],
            consentToSharePlan = true,
            registeredBy = "hub: J Brown",
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var carerId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("carerId").GetGuid();
        var carer = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}");
        carer.GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString())
            .Should().Equal("+447700900123", "+441632960123", "+441223496070");
    }

    [Fact]
    public async Task A_child_under_four_on_the_day_is_refused_and_nothing_is_stored()
    {
        var carerId = await hub.RegisterCarerAsync();
        var before = await EventCount();

        using var response = await client.PostAsJsonAsync($"/carers/{carerId}/cared-for",
            new { firstName = "Ada", lastName = "Okafor", dateOfBirth = hub.DaysFromToday(1).Replace("2026", "2022", StringComparison.Ordinal), relationship = "daughter", registeredBy = "hub" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("dateOfBirth");
        (await EventCount()).Should().Be(before);
        var carer = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}");
        carer.GetProperty("caredFor").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task A_child_who_is_four_today_is_registered()
    {
        var carerId = await hub.RegisterCarerAsync();

        await hub.RegisterCaredForAsync(carerId, dateOfBirth: hub.Today.Replace("2026", "2022", StringComparison.Ordinal), firstName: "Ada");

        var carer = await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}");
        carer.GetProperty("caredFor")[0].GetProperty("name").GetProperty("first").GetString().Should().Be("Ada");
    }

    [Fact]
    public async Task One_person_may_have_two_registered_carers_and_one_carer_two_people()
    {
        var mother = await hub.RegisterCarerAsync();
        var father = await hub.RegisterCarerAsync();
        var emeka = await hub.RegisterCaredForAsync(mother);
        await hub.RegisterCaredForAsync(mother, dateOfBirth: "2015-09-09", firstName: "Chidi");

        var sameEmeka = await hub.RegisterCaredForAsync(father, personId: emeka);

        sameEmeka.Should().Be(emeka);
        (await client.GetFromJsonAsync<JsonElement>($"/carers/{mother}")).GetProperty("caredFor").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task A_hub_reference_is_registered_once()
    {
        var carer = Journeys.Carer();
        await hub.RegisterCarerAsync(carer);

        using var again = await client.PostAsJsonAsync("/carers", carer);

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_plan_for_someone_not_registered_with_the_carer_is_refused()
    {
        var carerId = await hub.RegisterCarerAsync();
        await hub.RegisterCaredForAsync(carerId);
        await hub.AssessAsync(carerId);

        using var response = await client.PutAsJsonAsync($"/carers/{carerId}/plan", hub.Plan(Guid.NewGuid()));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo("people[0].personId", "medication[0].personId");
    }

    [Fact]
    public async Task A_plan_before_the_assessment_is_done_is_refused()
    {
        var carerId = await hub.RegisterCarerAsync();
        var personId = await hub.RegisterCaredForAsync(carerId);

        using var response = await client.PutAsJsonAsync($"/carers/{carerId}/plan", hub.Plan(personId));

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    private async Task<long> EventCount()
    {
        await using var session = fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }
}
