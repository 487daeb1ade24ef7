using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// Cover outlasts a shift: the next worker is found before the covering worker's shift ends, takes over, and the
/// outgoing worker's handover notes wait for a supervisor. Twilio is played by the test (signed webhooks).
/// </summary>
/// <remarks>Each test on a rostering of its own: they move the clock, which fires every dispatch timer due in the rostering.</remarks>
public sealed class HandoverJourneyTests : IAsyncLifetime
{
    private readonly RosteringFixture fixture = RosteringFixture.OfItsOwn();
    private readonly CoverScenario cover;

    public HandoverJourneyTests() => cover = new CoverScenario(fixture);

    public Task InitializeAsync() => fixture.InitializeAsync();

    public Task DisposeAsync() => fixture.DisposeAsync();

    private HttpClient Supervisor(string name = "Supervisor S. Patel")
    {
        var client = fixture.Rostering.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAccess.TokenFor(name, [CersRoles.Supervisor]));
        return client;
    }

    [Fact]
    public async Task Asha_s_shift_ends_during_cover_Ben_is_offered_before_it_ends_takes_over_and_her_notes_are_signed_off()
    {
        // Asha's day shift ends ten hours from now; Ben's night shift starts then.
        var asha = await cover.ShiftWorkerAsync("Asha Day", 51.455, -2.59, Duration.FromHours(-1), Duration.FromHours(10));
        var ben = await cover.ShiftWorkerAsync("Ben Night", 51.46, -2.59, Duration.FromHours(10), Duration.FromHours(-1));
        var activationId = await cover.ActivationAsync(51.45, -2.59, "BS3 Bristol");
        await cover.AcceptAsync(activationId, asha);
        (await cover.Webhook.TextAsync(asha.Phone, "ARRIVED")).Should().Contain("cover has started");

        var planned = (await cover.Dispatch(activationId, d => d.NextHandover?.WorkerId == asha.Id)).NextHandover!;
        var shiftEnds = planned.DutyEndsAt!.Value;
        planned.DueAt.Should().Be(shiftEnds - Duration.FromMinutes(60));
        shiftEnds.Should().BeInRange(cover.Now + Duration.FromHours(9), cover.Now + Duration.FromHours(10));

        // The handover's lead time is rostering's own timer, fired by the clock.
        fixture.Clock.Advance(planned.DueAt - cover.Now);

        var offerToBen = await cover.SmsTo(ben.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
        offerToBen.Body.Should().Contain("BS3 Bristol").And.Contain("hands over at");
        var sought = await cover.Dispatch(activationId, d => d.Offers.Any(o => o.WorkerId == ben.Id));
        sought.Handover!.OutgoingWorkerId.Should().Be(asha.Id);
        (sought.Offers.Single(o => o.WorkerId == ben.Id).MadeAt < shiftEnds).Should().BeTrue("Ben is asked before Asha's shift ends");

        (await cover.Webhook.TextAsync(ben.Phone, $"YES {CoverScenario.CodeIn(offerToBen)}")).Should().Contain("take over from a colleague");
        fixture.Clock.Advance(Duration.FromMinutes(50));
        (await cover.Webhook.TextAsync(ben.Phone, "ARRIVED")).Should().NotContain("cover has started");
        (await cover.Webhook.TextAsync(asha.Phone, "HANDOVER Gave paracetamol 1g at 18:00. Watch his breathing overnight."))
            .Should().Contain("handover notes for Ben Night are recorded");
        var left = "SM" + Guid.NewGuid().ToString("N");
        (await cover.Webhook.TextAsync(asha.Phone, "LEFT", left)).Should().Contain("leaving is recorded");
        (await cover.Webhook.TextAsync(asha.Phone, "LEFT", left)).Should().Contain("leaving is recorded", "Twilio retrying her LEFT gets the answer it got, though she has no cover now");

        var takenOver = await cover.Dispatch(activationId, d => d.CoveringWorkerId() == ben.Id && d.NextHandover?.WorkerId == ben.Id);
        takenOver.CoverStartedAt.Should().Be(sought.CoverStartedAt, "the cover-limit clock keeps Asha's arrival");
        (sought.CoverStartedAt < sought.Handover.SoughtAt).Should().BeTrue();
        takenOver.NextHandover!.DutyEndsAt.Should().Be(shiftEnds + Duration.FromHours(13), "Ben hands over when his night shift ends");
        await cover.Published<Contracts.Rostering.WorkerArrived>(w => w.ActivationId == activationId && w.WorkerId == ben.Id, "Ben's arrival");
        fixture.Published.OfType<Contracts.Rostering.WorkerArrived>().Where(w => w.ActivationId == activationId && w.Cover is not null)
            .Should().ContainSingle("cover started once, with Asha's arrival").Which.WorkerId.Should().Be(asha.Id);

        var recorded = await cover.Published<Contracts.Rostering.HandoverRecorded>(h => h.ActivationId == activationId, "HandoverRecorded");
        recorded.OutgoingWorkerId.Should().Be(asha.Id);
        recorded.IncomingWorkerId.Should().Be(ben.Id);
        recorded.Notes.Should().Be("Gave paracetamol 1g at 18:00. Watch his breathing overnight.");

        var waiting = await Supervisor().GetFromJsonAsync<JsonElement>("/handovers?status=awaiting-sign-off");
        var handover = waiting.EnumerateArray().Single(h => h.GetProperty("handoverId").GetGuid() == recorded.HandoverId);
        handover.GetProperty("outgoingWorker").GetProperty("name").GetString().Should().Be("Asha Day");
        handover.GetProperty("incomingWorker").GetProperty("name").GetString().Should().Be("Ben Night");
        handover.GetProperty("status").GetString().Should().Be("awaiting-sign-off");

        using var signedOff = await Supervisor().PostAsJsonAsync($"/handovers/{recorded.HandoverId}/sign-off", new { comment = "Read and checked." });
        signedOff.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await signedOff.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("signed-off");
        body.GetProperty("reviewedBy").GetString().Should().Be("Supervisor S. Patel");
        body.GetProperty("reviewComment").GetString().Should().Be("Read and checked.");
        var published = await cover.Published<Contracts.Rostering.HandoverSignedOff>(s => s.HandoverId == recorded.HandoverId, "HandoverSignedOff");
        published.SignedOffBy.Should().Be("Supervisor S. Patel");

        using var again = await Supervisor("Supervisor T. Other").PostAsJsonAsync($"/handovers/{recorded.HandoverId}/sign-off", new { });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Supervisor().GetFromJsonAsync<JsonElement>("/handovers?status=awaiting-sign-off")).EnumerateArray()
            .Should().NotContain(h => h.GetProperty("handoverId").GetGuid() == recorded.HandoverId);
    }

    [Fact]
    public async Task During_a_handover_a_coordinator_can_choose_who_takes_over_instead_of_the_ranking()
    {
        var asha = await cover.ShiftWorkerAsync("Asha Early", 57.15, -2.09, Duration.FromHours(-1), Duration.FromHours(5));
        var ben = await cover.ShiftWorkerAsync("Ben Late", 57.152, -2.09, Duration.FromHours(5), Duration.FromHours(-1));
        var cara = await Register.StaffAsync(cover.Client, "Cara Chosen", "care-worker", 57.16, -2.09, ["personal-care", "medication-administration"]);
        var activationId = await cover.ActivationAsync(57.149, -2.09, "AB10 Aberdeen");
        await cover.AcceptAsync(activationId, asha);
        var planned = (await cover.Dispatch(activationId, d => d.NextHandover?.WorkerId == asha.Id)).NextHandover!;
        fixture.Clock.Advance(planned.DueAt - cover.Now);
        await cover.SmsTo(ben.Phone, m => m.Body.Contains("hands over at", StringComparison.Ordinal));

        using var chosen = await cover.Client.PostAsJsonAsync($"/dispatches/{activationId}/offers", new { workerId = cara.Id, by = "Coordinator C. Lee" });

        chosen.StatusCode.Should().Be(HttpStatusCode.OK, await chosen.Content.ReadAsStringAsync());
        var offerToCara = await cover.SmsTo(cara.Phone, m => m.Body.Contains("hands over at", StringComparison.Ordinal));
        (await cover.Webhook.TextAsync(cara.Phone, $"YES {CoverScenario.CodeIn(offerToCara)}")).Should().Contain("take over");
        var dispatch = await cover.Dispatch(activationId, d => d.Handover?.IncomingWorkerId == cara.Id);
        dispatch.Offers.Single(o => o.WorkerId == ben.Id).ClosedWhy.Should().Be("withdrawn");
        dispatch.Offers.Single(o => o.WorkerId == cara.Id).Should().BeEquivalentTo(new { Round = 1, ChosenBy = "Coordinator C. Lee" });
        dispatch.CoveringWorkerId().Should().Be(asha.Id, "Asha covers until she texts LEFT");
    }

    [Fact]
    public async Task Notes_phoned_in_to_a_coordinator_are_queried_only_with_a_comment_and_only_supervisors_review_them()
    {
        var asha = await cover.ShiftWorkerAsync("Asha Phoned", 50.72, -3.53, Duration.FromHours(-1), Duration.FromHours(10));
        var activationId = await cover.ActivationAsync(50.718, -3.53, "EX1 Exeter");
        await cover.AcceptAsync(activationId, asha);
        var coordinator = fixture.Rostering.CreateClient();
        coordinator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", TestAccess.TokenFor("Coordinator C. Lee", [CersRoles.Coordinator]));

        using var noNotes = await coordinator.PostAsJsonAsync($"/dispatches/{activationId}/handover-notes", new { workerId = asha.Id });
        using var notCovering = await coordinator.PostAsJsonAsync($"/dispatches/{activationId}/handover-notes", new { workerId = Guid.NewGuid(), notes = "All fine." });
        using var phonedIn = await coordinator.PostAsJsonAsync($"/dispatches/{activationId}/handover-notes", new { workerId = asha.Id, notes = "Evening meds given at 19:00." });

        noNotes.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noNotes.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("notes");
        notCovering.StatusCode.Should().Be(HttpStatusCode.Conflict);
        phonedIn.StatusCode.Should().Be(HttpStatusCode.Created);
        var handover = await phonedIn.Content.ReadFromJsonAsync<JsonElement>();
        var handoverId = handover.GetProperty("handoverId").GetGuid();
        handover.GetProperty("recordedBy").GetString().Should().Be("Coordinator C. Lee");
        handover.GetProperty("incomingWorker").ValueKind.Should().Be(JsonValueKind.Null, "nobody is taking over yet");

        using var coordinatorSignsOff = await fixture.Rostering.CreateClientAs(CersRoles.Coordinator).PostAsJsonAsync($"/handovers/{handoverId}/sign-off", new { });
        coordinatorSignsOff.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var withoutComment = await Supervisor().PostAsJsonAsync($"/handovers/{handoverId}/query", new { comment = "  " });
        withoutComment.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await withoutComment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("comment");
        (await Supervisor().GetFromJsonAsync<JsonElement>($"/handovers/{handoverId}")).GetProperty("status").GetString().Should().Be("awaiting-sign-off");

        using var queried = await Supervisor().PostAsJsonAsync($"/handovers/{handoverId}/query", new { comment = "Which medicines, and how much?" });
        queried.StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await queried.Content.ReadFromJsonAsync<JsonElement>();
        after.GetProperty("status").GetString().Should().Be("queried");
        after.GetProperty("reviewedBy").GetString().Should().Be("Supervisor S. Patel");
        (await cover.Published<Contracts.Rostering.HandoverQueried>(q => q.HandoverId == handoverId, "HandoverQueried"))
            .Should().BeEquivalentTo(new { QueriedBy = "Supervisor S. Patel", Comment = "Which medicines, and how much?", ActivationId = activationId });
        (await Supervisor().GetFromJsonAsync<JsonElement>("/handovers?status=queried")).EnumerateArray()
            .Should().Contain(h => h.GetProperty("handoverId").GetGuid() == handoverId);

        using var signedOff = await Supervisor().PostAsJsonAsync($"/handovers/{handoverId}/sign-off", new { });
        using var queryAfterSignOff = await Supervisor().PostAsJsonAsync($"/handovers/{handoverId}/query", new { comment = "One more thing" });
        signedOff.StatusCode.Should().Be(HttpStatusCode.OK);
        queryAfterSignOff.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var badStatus = await Supervisor().GetAsync("/handovers?status=pending");
        badStatus.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var unknown = await Supervisor().GetAsync($"/handovers/{Guid.NewGuid()}");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
