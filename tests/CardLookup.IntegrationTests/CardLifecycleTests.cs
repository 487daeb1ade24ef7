using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class CardLifecycleTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient client = fixture.Client();

    [Fact]
    public async Task A_stolen_card_stops_working_at_once_and_its_replacement_has_a_new_number()
    {
        var (carerId, _, cardNumber) = await hub.CarerWithCardAsync();

        using var stolen = await client.PostAsJsonAsync($"/cards/{cardNumber}/loss", new { kind = "stolen", reportedBy = "carer by phone" });
        await Journeys.Expect(stolen, HttpStatusCode.OK);
        var afterTheft = await hub.LookUpOkAsync(cardNumber);
        afterTheft.GetProperty("works").GetBoolean().Should().BeFalse();
        afterTheft.GetProperty("cardStatus").GetString().Should().Be("Stolen");
        afterTheft.GetProperty("carerId").GetGuid().Should().Be(carerId, "the coordinator still needs to know whose card it was");

        using var replaced = await client.PostAsJsonAsync($"/cards/{cardNumber}/replacement", new { replacedBy = "hub: J Brown" });
        await Journeys.Expect(replaced, HttpStatusCode.Created);
        var newNumber = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cardNumber").GetString()!;

        newNumber.Should().NotBe(cardNumber);
        (await hub.LookUpOkAsync(newNumber)).GetProperty("works").GetBoolean().Should().BeTrue();
        var old = await hub.LookUpOkAsync(cardNumber);
        old.GetProperty("cardStatus").GetString().Should().Be("Replaced");
        old.GetProperty("works").GetBoolean().Should().BeFalse();
        old.GetProperty("replacedByCardNumber").GetString().Should().Be(newNumber);
        await Heard<Published.CardRevoked>(m => m.CardNumber == cardNumber && m.Reason == "stolen");
        await Heard<Published.CardReplaced>(m => m.OldCardNumber == cardNumber && m.NewCardNumber == newNumber && m.CarerId == carerId);
        await Heard<Published.CardIssued>(m => m.CardNumber == newNumber);
    }

    [Fact]
    public async Task A_carer_s_cards_are_listed_for_the_register_newest_first_with_what_became_of_each()
    {
        var (carerId, _, first) = await hub.CarerWithCardAsync();
        using var lost = await client.PostAsJsonAsync($"/cards/{first}/loss", new { kind = "lost", reportedBy = "Ada Admin" });
        await Journeys.Expect(lost, HttpStatusCode.OK);
        using var replaced = await client.PostAsJsonAsync($"/cards/{first}/replacement", new { replacedBy = "Ada Admin" });
        await Journeys.Expect(replaced, HttpStatusCode.Created);
        var second = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cardNumber").GetString()!;

        var cards = (await fixture.Host.CreateClientAs(CersRoles.Coordinator).GetFromJsonAsync<JsonElement>($"/carers/{carerId}/cards")).EnumerateArray().ToList();

        cards.Select(c => c.GetProperty("cardNumber").GetString()).Should().Equal([second, first], "the card in use first");
        var (current, old) = (cards[0], cards[1]);
        current.GetProperty("status").GetString().Should().Be("Active");
        current.GetProperty("works").GetBoolean().Should().BeTrue();
        current.GetProperty("replacesCardNumber").GetString().Should().Be(first);
        current.GetProperty("cardNumberGrouped").GetString().Should().MatchRegex(@"^\d{4} \d{4} \d{4}$");
        old.GetProperty("status").GetString().Should().Be("Replaced");
        old.GetProperty("works").GetBoolean().Should().BeFalse();
        old.GetProperty("replacedByCardNumber").GetString().Should().Be(second);
        old.GetProperty("statusReason").GetString().Should().Be("Replaced after: Reported lost by Ada Admin");
        old.GetProperty("issuedAt").GetString().Should().NotBeNullOrEmpty();
        using var nobody = await client.GetAsync($"/carers/{Guid.NewGuid()}/cards");
        nobody.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_stolen_card_is_never_reinstated()
    {
        var (_, _, cardNumber) = await hub.CarerWithCardAsync();
        using var stolen = await client.PostAsJsonAsync($"/cards/{cardNumber}/loss", new { kind = "stolen", reportedBy = "carer" });

        using var reinstating = await client.PostAsJsonAsync($"/cards/{cardNumber}/reinstatement", new { reinstatedBy = "hub" });

        reinstating.StatusCode.Should().Be(HttpStatusCode.Conflict);
        reinstating.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await hub.LookUpOkAsync(cardNumber)).GetProperty("works").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_suspended_card_answers_without_working_until_it_is_reinstated()
    {
        var (carerId, _, cardNumber) = await hub.CarerWithCardAsync();

        using var suspended = await client.PostAsJsonAsync($"/cards/{cardNumber}/suspension", new { reason = "moved-away", suspendedBy = "hub" });
        await Journeys.Expect(suspended, HttpStatusCode.OK);
        var answer = await hub.LookUpOkAsync(cardNumber);
        answer.GetProperty("cardStatus").GetString().Should().Be("Suspended");
        answer.GetProperty("works").GetBoolean().Should().BeFalse();
        await Heard<Published.CardRevoked>(m => m.CardNumber == cardNumber && m.Reason == "suspended:moved-away");

        using var reinstated = await client.PostAsJsonAsync($"/cards/{cardNumber}/reinstatement", new { reinstatedBy = "hub" });
        await Journeys.Expect(reinstated, HttpStatusCode.OK);
        (await hub.LookUpOkAsync(cardNumber)).GetProperty("works").GetBoolean().Should().BeTrue();
        await Heard<Published.CardIssued>(m => m.CardNumber == cardNumber && m.CarerId == carerId);
    }

    [Fact]
    public async Task A_carer_with_a_card_cannot_be_issued_a_second_one()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        using var second = await client.PostAsJsonAsync($"/carers/{carerId}/cards", new { issuedBy = "hub" });

        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Issuing_twice_at_the_same_moment_gives_the_carer_one_card()
    {
        var carerId = await hub.RegisterCarerAsync();
        await hub.RegisterCaredForAsync(carerId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => fixture.Client().PostAsJsonAsync($"/carers/{carerId}/cards", new { issuedBy = "hub" })));

        responses.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_new_plan_version_is_published_for_rostering()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        var changed = await Heard<Published.EmergencyPlanChanged>(m => m.CarerId == carerId);

        changed.Version.Should().Be(1);
        changed.Nation.Should().Be("scotland");
        changed.Area.Should().Be("G12 Glasgow");
        changed.RequiredSkills.Should().Equal("epilepsy", "dementia", "personal-care");
    }

    private Task<T> Heard<T>(Func<T, bool> matches) where T : class =>
        Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<T>().FirstOrDefault(matches)), what: typeof(T).Name);
}
