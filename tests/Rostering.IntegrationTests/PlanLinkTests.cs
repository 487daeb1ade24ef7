using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cers.Dispatch.Rostering.PlanLinks;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>The link an accepted worker is texted: opened from a phone through the console, recorded each time, and dead once they leave.</summary>
/// <remarks>Each test on a rostering of its own: they move the clock, which fires every dispatch timer due in the rostering.</remarks>
public sealed class PlanLinkTests : IAsyncLifetime
{
    private readonly RosteringFixture fixture = RosteringFixture.OfItsOwn();
    private readonly CoverScenario cover;

    public PlanLinkTests() => cover = new CoverScenario(fixture);

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    /// <summary>The console's call (from loopback, a trusted proxy): anonymous, forwarding the phone's address and browser.</summary>
    private async Task<HttpResponseMessage> OpenAsync(string token, string from = "203.0.113.9", string connectionFrom = "127.0.0.1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/plan-links/{token}");
        request.Headers.Add(ConnectionAddress.Header, connectionFrom);
        request.Headers.Add("X-Forwarded-For", from);
        request.Headers.Add("User-Agent", "Mozilla/5.0 (Linux; Android 14) Mobile");
        return await fixture.Rostering.CreateAnonymousClient().SendAsync(request);
    }

    private async Task<IReadOnlyList<PlanLinkOpened>> OpeningsAsync(Guid activationId)
    {
        await using var session = fixture.Store.QuerySession();
        var links = await session.Query<PlanLink>().Where(l => l.ActivationId == activationId).ToListAsync();
        var openings = new List<PlanLinkOpened>();
        foreach (var link in links)
        {
            openings.AddRange((await session.Events.FetchStreamAsync(link.Id)).Select(e => e.Data).OfType<PlanLinkOpened>());
        }

        return openings;
    }

    private async Task<(Guid ActivationId, (Guid Id, string Phone) Worker, string Token)> AcceptedAsync(string name, double lat, double lon, string area)
    {
        var worker = await cover.ShiftWorkerAsync(name, lat + 0.004, lon, Duration.FromHours(-1), Duration.FromHours(12));
        var activationId = await cover.ActivationAsync(lat, lon, area);
        return (activationId, worker, await cover.AcceptAsync(activationId, worker));
    }

    [Fact]
    public async Task The_accepted_worker_is_texted_a_link_and_never_the_address_or_key_safe_code_and_only_its_hash_is_stored()
    {
        var (activationId, worker, token) = await AcceptedAsync("Priya Link", 53.96, -1.08, "YO1 York");

        var sms = await cover.SmsTo(worker.Phone, m => m.Body.Contains("/plan/", StringComparison.Ordinal));
        sms.Body.Should().Contain($"{RosteringFixture.ConsoleUrl}/plan/{token}");
        sms.Body.Should().NotContain(DoorDetailsStub.Street).And.NotContain(DoorDetailsStub.Postcode).And.NotContain(DoorDetailsStub.KeySafeCode)
            .And.NotContainEquivalentOf("key safe");
        fixture.Twilio.Messages.Where(m => m.To == worker.Phone).Should().OnlyContain(m => !m.Body.Contains(DoorDetailsStub.Street, StringComparison.Ordinal));

        await using var session = fixture.Store.QuerySession();
        var stored = await session.Query<PlanLink>().SingleAsync(l => l.ActivationId == activationId);
        stored.TokenHash.Should().Be(PlanLinkTokens.Hash(token));
        var schema = fixture.Rostering.Schema;
        (await session.QueryAsync<long>($"select count(*) from {schema}.mt_events where data::text like ?", $"%{token}%")).Single().Should().Be(0);
        (await session.QueryAsync<long>($"select count(*) from {schema}.mt_doc_planlink where data::text like ?", $"%{token}%")).Single().Should().Be(0);
    }

    [Fact]
    public async Task Opening_the_link_twice_records_two_openings_from_the_phone_and_shows_the_door_details_card_lookup_gave_the_worker()
    {
        var (activationId, worker, token) = await AcceptedAsync("Omar Opens", 52.63, 1.30, "NR1 Norwich");
        fixture.CardLookup.Answer = "show";

        using var first = await OpenAsync(token);
        using var second = await OpenAsync(token, from: "198.51.100.23");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await first.Content.ReadFromJsonAsync<JsonElement>();
        page.GetProperty("activationId").GetGuid().Should().Be(activationId);
        page.GetProperty("workerId").GetGuid().Should().Be(worker.Id);
        page.GetProperty("workerName").GetString().Should().Be("Omar Opens");
        page.GetProperty("area").GetString().Should().Be("NR1 Norwich");
        page.GetProperty("coverState").GetString().Should().Be("accepted");
        page.GetProperty("doorDetails").GetProperty("access").GetProperty("keySafeCode").GetString().Should().Be(DoorDetailsStub.KeySafeCode);
        page.GetProperty("doorDetailsUnavailableReason").ValueKind.Should().Be(JsonValueKind.Null);

        var asked = fixture.CardLookup.Requests.Last();
        asked.Query.Should().Be($"?activationId={activationId}");
        var claims = JwtPayload(asked.Authorization);
        claims.GetProperty("sub").GetString().Should().Be(worker.Id.ToString());
        claims.GetProperty("role").ToString().Should().Contain("care-worker").And.NotContain("coordinator");

        var openings = await OpeningsAsync(activationId);
        openings.Select(o => o.From).Should().Equal("203.0.113.9", "198.51.100.23");
        openings.Should().OnlyContain(o => o.UserAgent == "Mozilla/5.0 (Linux; Android 14) Mobile" && o.WorkerId == worker.Id);
        await Eventually.GetAsync(
            () => Task.FromResult(fixture.Published.OfType<Contracts.Rostering.PlanLinkOpened>().Where(o => o.ActivationId == activationId).ToList() is { Count: 2 } both ? both : null),
            what: "two PlanLinkOpened on the bus");

        var log = await File.ReadAllTextAsync(Path.Combine(TestLogFile.Directory, $"{fixture.Rostering.Schema}.log"));
        log.Should().Contain("Request finished GET /plan-links/{token} 200", "each opening is logged by the door it used")
            .And.NotContain(token, "the token opens the key safe's code to whoever holds it");
    }

    [Fact]
    public async Task An_address_forwarded_by_anyone_but_the_console_is_kept_as_said_but_the_opening_is_recorded_from_the_connection()
    {
        var (activationId, _, token) = await AcceptedAsync("Fay Forged", 51.45, -2.59, "BS1 Bristol");

        using var opened = await OpenAsync(token, from: "203.0.113.66", connectionFrom: "198.51.100.77");

        opened.StatusCode.Should().Be(HttpStatusCode.OK);
        var opening = (await OpeningsAsync(activationId)).Single();
        opening.From.Should().Be("198.51.100.77", "only the console's forwarded address is believed");
        opening.ForwardedFor.Should().Be("203.0.113.66", "what the caller claimed stays on the record");
    }

    [Fact]
    public async Task When_card_lookup_refuses_or_cannot_be_reached_the_page_still_opens_and_says_why()
    {
        var (_, _, token) = await AcceptedAsync("Rhys Refused", 51.48, -3.18, "CF10 Cardiff");

        fixture.CardLookup.Answer = "refuse";
        using var refused = await OpenAsync(token);
        fixture.CardLookup.Answer = "drop";
        using var unreachable = await OpenAsync(token);
        fixture.CardLookup.Answer = "show";

        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        var refusedPage = await refused.Content.ReadFromJsonAsync<JsonElement>();
        refusedPage.GetProperty("doorDetails").ValueKind.Should().Be(JsonValueKind.Null);
        refusedPage.GetProperty("doorDetailsUnavailableReason").GetString().Should().Contain("403").And.Contain("not shown to you");
        unreachable.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unreachable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("doorDetailsUnavailableReason").GetString()
            .Should().Contain("could not be reached");
    }

    [Fact]
    public async Task The_buttons_act_as_the_texts_do_and_after_LEFT_the_link_is_gone_and_opening_it_records_nothing()
    {
        var (activationId, worker, token) = await AcceptedAsync("Sian Buttons", 52.49, -1.89, "B1 Birmingham");
        var anonymous = fixture.Rostering.CreateAnonymousClient();
        (await OpenAsync(token)).Dispose();

        using var arrived = await anonymous.PostAsync($"/plan-links/{token}/arrived", null);
        using var noNotes = await anonymous.PostAsJsonAsync($"/plan-links/{token}/handover-notes", new { notes = "" });
        using var notes = await anonymous.PostAsJsonAsync($"/plan-links/{token}/handover-notes", new { notes = "Nothing given; she slept." });
        using var left = await anonymous.PostAsync($"/plan-links/{token}/left", null);

        arrived.StatusCode.Should().Be(HttpStatusCode.OK);
        (await arrived.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("coverState").GetString().Should().Be("on-site");
        await cover.Published<Contracts.Rostering.WorkerArrived>(w => w.ActivationId == activationId && w.Cover is not null, "cover started from the button");
        noNotes.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        notes.StatusCode.Should().Be(HttpStatusCode.OK);
        (await cover.Published<Contracts.Rostering.HandoverRecorded>(h => h.ActivationId == activationId, "the notes from the plan page"))
            .Notes.Should().Be("Nothing given; she slept.");
        left.StatusCode.Should().Be(HttpStatusCode.OK);
        await cover.Published<Contracts.Rostering.WorkerLeft>(w => w.ActivationId == activationId && w.WorkerId == worker.Id, "left from the button");

        using var gone = await OpenAsync(token);
        using var goneAction = await anonymous.PostAsync($"/plan-links/{token}/arrived", null);
        gone.StatusCode.Should().Be(HttpStatusCode.Gone);
        gone.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await gone.Content.ReadAsStringAsync()).Should().Contain("LEFT");
        goneAction.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await OpeningsAsync(activationId)).Should().ContainSingle("only the opening before LEFT counts");
    }

    [Fact]
    public async Task When_the_activation_closes_the_worker_on_the_way_is_released_and_told_and_the_link_stops_working()
    {
        var (activationId, worker, token) = await AcceptedAsync("Una Released", 55.86, -4.25, "G1 Glasgow");

        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationClosed(activationId, "CarerAbleToCareAgain", "Coordinator C. Lee", cover.Now));

        var closed = await cover.Dispatch(activationId, d => d.ClosedAt is not null);
        (await cover.SmsTo(worker.Phone, m => m.Body.Contains("no longer needed", StringComparison.Ordinal))).Body.Should().Contain("G1 Glasgow");
        closed.IsSeeking().Should().BeFalse();
        using var gone = await OpenAsync(token);
        gone.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await gone.Content.ReadAsStringAsync()).Should().Contain("the call was closed");
        (await cover.Webhook.TextAsync(worker.Phone, "ARRIVED")).Should().Contain("no accepted offer", "a released worker is not expected there");
        var timers = (await fixture.Rostering.Services.GetRequiredService<WorkQueue>().ForStreamAsync(activationId, CancellationToken.None))
            .Where(w => w.Item.Kind != OutgoingKinds.Send).ToList();
        timers.Should().OnlyContain(w => w.DoneAt != null, "nothing is left waiting to act on a closed activation")
            .And.Contain(w => w.Outcome == "cancelled: the activation closed", "its worker's handover was still to come");
    }

    [Fact]
    public async Task An_unknown_or_expired_link_is_a_problem_and_nothing_is_recorded()
    {
        var (activationId, _, token) = await AcceptedAsync("Tom Expires", 54.6, -5.93, "BT1 Belfast");

        using var unknown = await OpenAsync(PlanLinkTokens.New());
        using var malformed = await OpenAsync("not-a-token");
        fixture.Clock.Advance(Duration.FromHours(14) + Duration.FromMinutes(1));
        using var expired = await OpenAsync(token);

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        malformed.StatusCode.Should().Be(HttpStatusCode.NotFound);
        expired.StatusCode.Should().Be(HttpStatusCode.Gone);
        expired.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await OpeningsAsync(activationId)).Should().BeEmpty();
        fixture.Published.OfType<Contracts.Rostering.PlanLinkOpened>().Should().NotContain(o => o.ActivationId == activationId);
    }

    private static JsonElement JwtPayload(string authorization)
    {
        var payload = authorization["Bearer ".Length..].Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement;
    }
}
