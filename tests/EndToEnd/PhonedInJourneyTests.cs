using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.Testing;
using NodaTime;

namespace Cers.Dispatch.EndToEnd;

/// <summary>The issue's journey: a phoned-in card, an offer to A that lapses, an offer to B, B says YES and arrives.</summary>
public sealed partial class PhonedInJourneyTests(WholeSystemFixture system) : IClassFixture<WholeSystemFixture>
{
    [Fact]
    public async Task A_phoned_in_card_is_covered_by_the_second_worker_when_the_first_does_not_answer_and_the_timeline_shows_each_step_in_order()
    {
        var cardNumber = (await Seed.CarerWithCardInCambridge(system.CardLookup.CreateClient())).CardNumber;
        var rostering = system.Rostering.CreateClient();
        var coordinator = await Staff(rostering, "Coordinator C. Ahmed", "coordinator", null, null);
        var asha = await Staff(rostering, "Asha Patel", "care-worker", 52.2070, 0.1230);
        var ben = await Staff(rostering, "Ben Okoro", "care-worker", 52.2400, 0.0900);
        foreach (var (id, role) in new[] { (coordinator.Id, "coordinator"), (asha.Id, "care-worker"), (ben.Id, "care-worker") })
        {
            await Rotation(rostering, role, id);
        }

        await system.UntilThePhoneLineKnowsAsync(coordinator.Phone);
        var callSid = TwilioCaller.NewCallSid();
        var twiml = await new TwilioCaller(system.Intake.CreateClient()).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: cardNumber));
        twiml.Element("Say")!.Value.Should().Contain("being activated for this card");
        twiml.Element("Dial")!.Element("Number")!.Value.Should().Be(coordinator.Phone, "the caller goes to the coordinator on call");
        var activationId = PhoneCallIds.ActivationIdFor(callSid);

        var offerToAsha = await SmsTo(asha.Phone);
        offerToAsha.Body.Should().Contain("CB").And.NotContain("Mill Road", "the SMS names the area, never the address");
        system.Clock.Advance(Duration.FromMinutes(11));
        var offerToBen = await SmsTo(ben.Phone);
        var reply = await Text(ben.Phone, $"YES {OfferCode(offerToBen.Body)}");
        reply.Should().NotBeNull();
        await Text(ben.Phone, "ARRIVED");

        var steps = await Eventually.GetAsync(async () =>
        {
            var timeline = await system.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{activationId}/timeline");
            var entries = timeline.EnumerateArray().Select(e => (Event: e.GetProperty("event").GetString()!, Source: e.GetProperty("source").GetString()!, Summary: e.GetProperty("summary").GetString()!)).ToList();
            return entries.Any(e => e.Summary.Contains("Cover limit", StringComparison.Ordinal)) ? entries : null;
        }, within: TimeSpan.FromSeconds(60), what: "the whole journey on the timeline");

        var summaries = steps.Select(s => s.Summary).ToList();
        IndexOf(summaries, "Opened by").Should().BeLessThan(IndexOf(summaries, "verified"));
        IndexOf(summaries, "verified").Should().BeLessThan(IndexOf(summaries, "sent to Asha Patel"));
        IndexOf(summaries, "sent to Asha Patel").Should().BeLessThan(IndexOf(summaries, "Offer to Asha Patel lapsed"));
        IndexOf(summaries, "Offer to Asha Patel lapsed").Should().BeLessThan(IndexOf(summaries, "sent to Ben Okoro"));
        IndexOf(summaries, "sent to Ben Okoro").Should().BeLessThan(IndexOf(summaries, "Ben Okoro accepted"));
        IndexOf(summaries, "Ben Okoro accepted").Should().BeLessThan(IndexOf(summaries, "Ben Okoro arrived"));
        IndexOf(summaries, "Ben Okoro arrived: cover started").Should().BeLessThan(IndexOf(summaries, "Cover limit 48 hours"));
        summaries.Single(s => s.Contains("sent to Asha Patel", StringComparison.Ordinal)).Should().EndWith("(sent by twilio)", "the timeline names the provider that carried each offer");
        steps.Where(s => s.Summary.Contains("Ben Okoro", StringComparison.Ordinal)).Should().OnlyContain(s => s.Source == "rostering");
        steps.Single(s => s.Summary.StartsWith("Cover limit", StringComparison.Ordinal)).Source.Should().Be("escalation");
    }

    private static int IndexOf(List<string> summaries, string fragment)
    {
        var index = summaries.FindIndex(s => s.Contains(fragment, StringComparison.Ordinal));
        index.Should().BeGreaterThanOrEqualTo(0, $"the timeline should show \"{fragment}\" but has: {string.Join(" | ", summaries)}");
        return index;
    }

    private async Task<SentSms> SmsTo(string phone) =>
        await Eventually.GetAsync(() => Task.FromResult(system.Twilio.Messages.FirstOrDefault(m => m.To == phone)), within: TimeSpan.FromSeconds(60), what: $"an SMS to {phone}");

    private Task<string?> Text(string from, string body) => system.TextRosteringAsync(from, body);

    private static string OfferCode(string sms) => OfferCodePattern().Match(sms).Groups[1].Value;

    [GeneratedRegex(@"YES ([A-Z0-9]{3,8})")]
    private static partial Regex OfferCodePattern();

    private static int nextPhone = Random.Shared.Next(0, 900);

    private static async Task<(Guid Id, string Phone)> Staff(HttpClient rostering, string name, string role, double? lat, double? lon)
    {
        var phone = $"+447700900{Interlocked.Increment(ref nextPhone) % 500:000}";
        string[] skills = role == "care-worker" ? ["personal-care", "dementia"] : [];
        using var response = await rostering.PostAsJsonAsync("/staff", new
        {
            name, phone, role, skills,
            training = Array.Empty<object>(),
            dbsCheckExpiresOn = role == "care-worker" ? "2028-01-31" : null,
            languages = new[] { "en" },
            homeBase = lat is null ? null : new { latitude = lat, longitude = lon },
            active = true,
            registeredBy = "Duty manager D. Shaw",
        });
        (await Expect(response)).Should().BeTrue(await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), phone);
    }

    private static async Task Rotation(HttpClient rostering, string role, Guid person)
    {
        using var response = await rostering.PostAsJsonAsync("/rotations", new
        {
            name = $"{role} {person:N}"[..30], role, kind = "on-call", participants = new[] { person },
            startsAt = "2026-11-02T09:00:00", turnDays = 7, priority = 10, createdBy = "Duty manager D. Shaw",
        });
        (await Expect(response)).Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    private static Task<bool> Expect(HttpResponseMessage response) => Task.FromResult(response.IsSuccessStatusCode);
}
