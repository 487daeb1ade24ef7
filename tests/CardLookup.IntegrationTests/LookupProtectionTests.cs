using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Testing;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class LookupProtectionTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient client = fixture.Client();

    /// <summary>Crisis intake looks cards up for the caller on the line, named by their number: each number is a source of its own.</summary>
    private static string PhoneCaller() => $"+4477009{Random.Shared.Next(10000, 99999)}";

    [Fact]
    public async Task A_source_making_more_lookups_than_the_limit_is_answered_429_while_others_carry_on()
    {
        var (_, _, card) = await hub.CarerWithCardAsync();
        var caller = PhoneCaller();
        var path = $"/lookup/card/{card}?channel=phone&requestedBy={Uri.EscapeDataString(caller)}";
        for (var i = 0; i < 100; i++)
        {
            await Journeys.Expect(await client.GetAsync(path), HttpStatusCode.OK);
        }

        using var refused = await client.GetAsync(path);

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        refused.Headers.RetryAfter.Should().NotBeNull();
        (await hub.LookUpOkAsync(card)).GetProperty("works").GetBoolean().Should().BeTrue("another caller is not held back");
    }

    [Fact]
    public async Task Five_wrong_card_numbers_from_one_caller_raise_a_guessing_alert_for_supervisors()
    {
        var caller = PhoneCaller();
        await GuessFiveCardNumbersAsync(caller);

        var alerts = await client.GetFromJsonAsync<JsonElement>("/alerts/card-guessing");
        var alert = alerts.EnumerateArray().Single(a => a.GetProperty("requestedBy").GetString() == caller);
        alert.GetProperty("invalidAttempts").GetInt32().Should().Be(5);
        alert.GetProperty("channel").GetString().Should().Be("Phone");
        alert.GetProperty("source").GetString().Should().EndWith($"|phone:{caller}");
        await Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<Published.CardGuessingSuspected>().FirstOrDefault(a => a.RequestedBy == caller)));
    }

    [Fact]
    public async Task Four_wrong_numbers_are_a_caller_misreading_the_card_not_guessing()
    {
        var caller = PhoneCaller();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync($"/lookup/card/4921773055{10 + i}?channel=phone&requestedBy={Uri.EscapeDataString(caller)}");
        }

        var alerts = await client.GetFromJsonAsync<JsonElement>("/alerts/card-guessing");
        alerts.EnumerateArray().Should().NotContain(a => a.GetProperty("requestedBy").GetString() == caller);
    }

    [Fact]
    public async Task The_log_names_each_door_used_but_never_a_caller_s_number_a_card_number_or_what_a_search_asked()
    {
        var caller = PhoneCaller();
        await GuessFiveCardNumbersAsync(caller);

        var surname = $"Quill{Guid.NewGuid():N}"[..14];
        await client.GetFromJsonAsync<JsonElement>($"/lookup/carer?surname={surname}&dateOfBirth=1958-03-17&postcode=ZE1%200AA&channel=phone&requestedBy={Uri.EscapeDataString(caller)}");
        await Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<Published.CardGuessingSuspected>().FirstOrDefault(a => a.RequestedBy == caller)));

        var log = await File.ReadAllTextAsync(Path.Combine(TestLogFile.Directory, $"{fixture.Host.Schema}.log"));
        log.Should().Contain("Request finished GET /lookup/card/{cardNumber} ").And.Contain("Card-number guessing suspected");
        log.Should().NotContain(caller[4..]).And.NotContain(surname).And.NotContain("1958-03-17").And.NotContain("ZE1")
            .And.NotContain("4921").And.NotContain("1234 5678");
    }

    private async Task GuessFiveCardNumbersAsync(string caller)
    {
        string[] guesses = ["4921 7730 5519", "1000 0000 0001", "4921 7730 5512", "1234 5678 9012", "4921 7730 0000"];
        foreach (var guess in guesses)
        {
            using var response = await client.GetAsync($"/lookup/card/{Uri.EscapeDataString(guess)}?channel=phone&requestedBy={Uri.EscapeDataString(caller)}");
            response.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Only_supervisors_see_the_guessing_alerts() =>
        (await fixture.Host.CreateClientAs(ServiceDefaults.Access.CersRoles.Coordinator).GetAsync("/alerts/card-guessing")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
}
