using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>The card and plan messages of the last day, told again to a service that keeps a copy from them.</summary>
[Collection(CardLookupCollection.Name)]
public sealed class CardMessagesTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);

    [Fact]
    public async Task A_service_gets_the_card_and_plan_messages_of_the_last_day_again_in_the_order_they_were_stored()
    {
        var (carerId, _, cardNumber) = await hub.CarerWithCardAsync();
        using (var stolen = await fixture.Client().PostAsJsonAsync($"/cards/{cardNumber}/loss", new { kind = "stolen", reportedBy = "carer by phone" }))
        {
            await Journeys.Expect(stolen, HttpStatusCode.OK);
        }

        var since = InstantPattern.ExtendedIso.Format(fixture.Clock.GetCurrentInstant() - Duration.FromHours(23));
        var told = await fixture.Host.CreateClientAs(CersRoles.Service).GetFromJsonAsync<JsonElement>($"/cards/messages?since={since}");

        var carers = told.EnumerateArray().Where(m => m.GetProperty("message").GetProperty("carerId").GetGuid() == carerId)
            .Select(m => m.GetProperty("type").GetString()).ToList();
        carers.Should().ContainInOrder("EmergencyPlanChanged", "CardIssued", "CardRevoked");
        var revoked = told.EnumerateArray().Last(m => m.GetProperty("type").GetString() == "CardRevoked").GetProperty("message");
        revoked.GetProperty("cardNumber").GetString().Should().Be(cardNumber);
        revoked.GetProperty("reason").GetString().Should().Be("stolen");

        var issued = told.EnumerateArray().Last(m => m.GetProperty("type").GetString() == "CardIssued" && m.GetProperty("message").GetProperty("carerId").GetGuid() == carerId);
        var nextPage = await fixture.Host.CreateClientAs(CersRoles.Service).GetFromJsonAsync<JsonElement>(
            $"/cards/messages?since={since}&after={issued.GetProperty("sequence").GetInt64()}");
        nextPage.EnumerateArray().Where(m => m.GetProperty("message").GetProperty("carerId").GetGuid() == carerId)
            .Select(m => m.GetProperty("type").GetString()).Should().Equal(["CardRevoked"], "a page goes on after the sequence the last one ended with");
    }

    [Theory]
    [InlineData("since=", "since")]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=2026-11-25T00:00:00Z&after=-1", "after")]
    public async Task A_since_that_is_missing_or_not_an_instant_or_a_negative_after_is_a_clear_400(string query, string field)
    {
        using var response = await fixture.Host.CreateClientAs(CersRoles.Service).GetAsync($"/cards/messages?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal(field);
    }

    [Fact]
    public async Task Only_services_are_told_the_messages()
    {
        using var response = await fixture.Host.CreateClientAs(CersRoles.Coordinator).GetAsync(
            $"/cards/messages?since={InstantPattern.ExtendedIso.Format(fixture.Clock.GetCurrentInstant())}");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
