using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.IntegrationTests.FirstSlice;
using Cers.Dispatch.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Published = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.IntegrationTests.Activations;

[Collection(FirstSliceCollection.Name)]
public sealed class SafeguardingTests(FirstSliceFixture fixture)
{
    private HttpClient Intake => fixture.Intake.CreateClient();

    [Fact]
    public async Task A_concern_is_recorded_in_the_words_used_with_its_referral_route_and_the_safeguarding_lead_is_paged_at_once()
    {
        await using var lead = await BusProbe.ListenAsync<Published.SafeguardingConcernRaised>(fixture.Rostering.Services.GetRequiredService<IBus>());
        var id = await Reports.OpenAsync(Intake, Reports.Valid());

        using var response = await Intake.PostAsJsonAsync($"/activations/{id}/safeguarding-concerns", new
        {
            raisedBy = new { name = "Care worker B. Nowak", role = "care-worker" },
            subject = "Child",
            category = "Neglect",
            account = "He said \"nobody has fed me since Tuesday\".",
            immediateDanger = false,
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var told = await lead.FirstAsync(m => m.ActivationId == id, "the safeguarding lead's message");
        told.LeadPhone.Should().Be("+447700900555");
        told.ReferralRoutePhone.Should().Be("+443450455203", "a child, in an area with no routes of its own: the default children's service");
        var timeline = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline");
        var entry = timeline.EnumerateArray().Single(e => e.GetProperty("event").GetString() == "safeguarding_concern_raised");
        entry.GetProperty("data").GetProperty("account").GetString().Should().Be("He said \"nobody has fed me since Tuesday\".");
        var sms = await Eventually.GetAsync(
            () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == "+447700900555" && m.Body.Contains("Neglect", StringComparison.Ordinal))),
            what: "the page to the lead");
        sms.Body.Should().StartWith("CERS ALARM").And.Contain("child").And.Contain("Reply ACK").And.NotContain("fed me", "what was said stays in the console, never in an SMS");
        fixture.Twilio.Calls.Should().Contain(c => c.To == "+447700900555", "a page rings as well as texts");
        var paged = await Eventually.GetAsync(async () => (await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline")).EnumerateArray()
            .Where(e => e.GetProperty("summary").GetString()!.StartsWith("Safeguarding lead (safeguarding lead) paged by SMS", StringComparison.Ordinal))
            .Select(e => e.GetProperty("source").GetString()).FirstOrDefault(), what: "the page on the timeline, once Twilio accepted it");
        paged.Should().Be("rostering");
    }

    [Fact]
    public async Task A_concern_raised_while_another_service_s_step_is_being_stored_is_recorded_after_it_not_refused()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        await using var connection = await fixture.Intake.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var other = fixture.IntakeStore.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction)))
        {
            other.Events.Append(id, new CrisisIntake.Activations.ServiceReported(
                id, "rostering", "offer-accepted", "A care worker accepted and is on the way", Guid.NewGuid(), NodaTime.SystemClock.Instance.GetCurrentInstant()));
            await other.SaveChangesAsync();
        }

        var raising = Intake.PostAsJsonAsync($"/activations/{id}/safeguarding-concerns", new
        {
            raisedBy = new { name = "A. Shah", role = "coordinator" },
            subject = "Adult",
            category = "Organisational",
            account = "The agency's visits stopped without a word.",
            immediateDanger = false,
        });
        // The concern's append waits on the step not yet committed, then finds its place taken.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await transaction.CommitAsync();

        using var response = await raising;
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var events = (await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline")).EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        events.Should().ContainInOrder("service_reported", "safeguarding_concern_raised");
    }

    [Fact]
    public async Task Immediate_danger_routes_to_999()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());

        using var response = await Intake.PostAsJsonAsync($"/activations/{id}/safeguarding-concerns", new
        {
            raisedBy = new { name = "A. Shah", role = "coordinator" },
            subject = "Adult",
            category = "Physical",
            account = "Caller reports the partner is threatening her now.",
            immediateDanger = true,
        });

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("referralRoute").GetProperty("phone").GetString().Should().Be("999");
        var call = await Eventually.GetAsync(() => Task.FromResult(fixture.Twilio.Calls.FirstOrDefault(c => c.To == "+447700900555" && c.Twiml.Contains("Physical", StringComparison.Ordinal))), what: "the call to the lead");
        call.Twiml.Should().Contain("IMMEDIATE DANGER").And.Contain("Press 1 to acknowledge");
    }

    [Fact]
    public async Task A_concern_sent_again_with_the_same_idempotency_key_is_recorded_once_and_answered_as_the_first_time()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var body = new
        {
            raisedBy = new { name = "A. Shah", role = "coordinator" },
            subject = "Adult",
            category = "Financial",
            account = "The carer's son has taken her bank card.",
            immediateDanger = false,
        };

        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/activations/{id}/safeguarding-concerns") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "form-7f3c2a");
            return await Intake.SendAsync(request);
        }

        using var first = await SendAsync();
        using var again = await SendAsync();

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("concernId").GetGuid()
            .Should().Be((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("concernId").GetGuid());
        var timeline = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline");
        timeline.EnumerateArray().Count(e => e.GetProperty("event").GetString() == "safeguarding_concern_raised").Should().Be(1);
    }

    [Fact]
    public async Task An_incomplete_concern_is_refused_naming_each_field_and_nothing_is_recorded()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var before = (await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline")).GetArrayLength();

        using var response = await Intake.PostAsJsonAsync($"/activations/{id}/safeguarding-concerns", new { raisedBy = new { name = "X", role = "neighbour" }, subject = "Teen" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("raisedBy.role", "subject", "category", "account");
        (await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline")).GetArrayLength().Should().Be(before);
    }
}
