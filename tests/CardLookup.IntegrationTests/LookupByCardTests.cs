using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup.Cards.Numbers;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class LookupByCardTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);

    [Fact]
    public async Task A_card_read_out_in_groups_leads_to_the_carer_the_people_cared_for_and_the_plan()
    {
        var (carerId, personId, cardNumber) = await hub.CarerWithCardAsync();

        var answer = await hub.LookUpOkAsync(CardNumber.Grouped(cardNumber, '-'));

        answer.GetProperty("cardNumber").GetString().Should().Be(cardNumber);
        answer.GetProperty("cardStatus").GetString().Should().Be("Active");
        answer.GetProperty("works").GetBoolean().Should().BeTrue();
        answer.GetProperty("carerId").GetGuid().Should().Be(carerId);
        answer.GetProperty("carer").GetProperty("firstName").GetString().Should().Be("Grace");
        answer.GetProperty("carer").GetProperty("phones")[0].GetProperty("number").GetString().Should().Be("+441414960123");
        var address = answer.GetProperty("address");
        address.GetProperty("postcode").GetString().Should().Be("G12 8QQ");
        address.GetProperty("nation").GetString().Should().Be("scotland");
        address.GetProperty("latitude").GetDouble().Should().Be(55.8721);
        answer.GetProperty("area").GetString().Should().Be("G12 Glasgow");
        answer.GetProperty("caredFor")[0].GetProperty("personId").GetGuid().Should().Be(personId);
        answer.GetProperty("caredFor")[0].GetProperty("age").GetInt32().Should().Be(78);
        answer.GetProperty("requiredSkills").EnumerateArray().Select(s => s.GetString()).Should().Equal("epilepsy", "dementia", "personal-care");
        answer.GetProperty("emergencyContacts")[0].GetProperty("name").GetString().Should().Be("Ngozi Okafor");
        answer.GetProperty("emergencyContacts")[0].GetProperty("phone").GetString().Should().Be("+441414960700");
        answer.GetProperty("planOverdueForReview").GetBoolean().Should().BeFalse();
        var plan = answer.GetProperty("planSummary");
        plan.GetProperty("medication")[0].GetProperty("name").GetString().Should().Be("Levetiracetam");
        plan.GetProperty("homeAccess").GetProperty("keySafeFitted").GetBoolean().Should().BeTrue();
        plan.GetProperty("coverNote").GetString().Should().Contain("Emeka Okafor only").And.Contain("not covered");
    }

    [Fact]
    public async Task The_key_safe_code_and_entry_instructions_never_appear_in_a_lookup_or_a_plan()
    {
        var (carerId, _, cardNumber) = await hub.CarerWithCardAsync();

        using var lookup = await hub.LookUpAsync(cardNumber);
        using var plan = await fixture.Client().GetAsync($"/carers/{carerId}/plan");
        using var carer = await fixture.Client().GetAsync($"/carers/{carerId}");

        foreach (var body in new[] { await lookup.Content.ReadAsStringAsync(), await plan.Content.ReadAsStringAsync(), await carer.Content.ReadAsStringAsync() })
        {
            body.Should().NotContain("\"7391\"", "the code would be a JSON string; unquoted, four digits turn up in ids by chance").And.NotContain("keySafeCode").And.NotContain("lift and push").And.NotContain("entryInstructions");
        }
    }

    [Fact]
    public async Task A_wrong_check_digit_is_not_valid_which_is_not_the_same_as_no_such_card()
    {
        var (_, _, cardNumber) = await hub.CarerWithCardAsync();
        var misheard = cardNumber[..^1] + (char)('0' + ((cardNumber[^1] - '0' + 1) % 10));
        var unknown = CardNumber.Generate();

        using var notValid = await hub.LookUpAsync(misheard);
        using var noSuchCard = await hub.LookUpAsync(unknown);

        notValid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        notValid.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await notValid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("Card number not valid");
        noSuchCard.StatusCode.Should().Be(HttpStatusCode.NotFound);
        noSuchCard.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await noSuchCard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("No such card");
    }

    [Fact]
    public async Task Letters_in_a_card_number_are_not_valid()
    {
        using var response = await hub.LookUpAsync("4921-77AB-5518");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("Card number not valid");
    }

    [Fact]
    public async Task A_lookup_must_say_through_which_channel_and_who_asked()
    {
        using var response = await fixture.Client().GetAsync($"/lookup/card/{CardNumber.Generate()}?channel=pigeon");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo("channel", "requestedBy");
    }

    [Fact]
    public async Task A_plan_past_its_review_date_still_answers_and_says_it_is_overdue()
    {
        var carerId = await hub.RegisterCarerAsync();
        var personId = await hub.RegisterCaredForAsync(carerId);
        await hub.AssessAsync(carerId);
        await hub.RecordPlanAsync(carerId, hub.Plan(personId, reviewInDays: 1));
        var cardNumber = await hub.IssueCardAsync(carerId);
        (await hub.LookUpOkAsync(cardNumber)).GetProperty("planOverdueForReview").GetBoolean().Should().BeFalse();

        fixture.Clock.Advance(NodaTime.Duration.FromDays(2));
        var answer = await hub.LookUpOkAsync(cardNumber);

        answer.GetProperty("works").GetBoolean().Should().BeTrue();
        answer.GetProperty("planOverdueForReview").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_card_prints_as_a_yellow_business_card_with_the_first_name_only()
    {
        var (_, _, cardNumber) = await hub.CarerWithCardAsync();

        using var response = await fixture.Client().GetAsync($"/cards/{cardNumber}/print");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("@page { size: 85.6mm 54mm").And.Contain(CardNumber.Grouped(cardNumber)).And.Contain("Grace").And.NotContain("Okafor").And.NotContain("Byres");
    }
}
