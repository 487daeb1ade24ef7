using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>An administrator takes a worker off duty: they are never ranked or offered, and an offer waiting on them moves on.</summary>
[Collection(RosteringCollection.Name)]
public sealed class StaffDeactivationTests(RosteringFixture fixture)
{
    private static readonly string[] Skills = ["personal-care"];

    private HttpClient Admin => fixture.Rostering.CreateClientAs(CersRoles.Administrator);

    private async Task<(Guid Id, string Phone)> OnCallWorkerAsync(string name, double lat, double lon)
    {
        var worker = await Register.StaffAsync(fixture.Rostering.CreateClient(), name, "care-worker", lat, lon, Skills);
        await Register.RotationAsync(fixture.Rostering.CreateClient(), "care-worker", [worker.Id]);
        return worker;
    }

    private async Task<Guid> ActivationAsync(double lat, double lon, string area)
    {
        var carerId = Guid.NewGuid();
        var activationId = Guid.NewGuid();
        var now = fixture.Clock.GetCurrentInstant();
        await fixture.Bus.Publish(new Contracts.CardLookup.EmergencyPlanChanged(carerId, 1, Skills, "scotland", area, lat, lon, now));
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<Matching.CarerNeeds>(carerId);
        }, what: "the carer's plan");
        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationOpened(activationId, "PhoneLine", "492177305518", "AdmittedToHospital", "Ambulance", "Paramedic J. Okafor", null, now));
        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "scotland", area, now));
        return activationId;
    }

    private async Task<StaffDispatch> Dispatch(Guid activationId, Func<StaffDispatch, bool> until) =>
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<StaffDispatch>(activationId) is { } d && until(d) ? d : null;
        }, what: $"dispatch {activationId} in the expected state");

    private async Task<SentSms> OfferTo(string phone) => await Eventually.GetAsync(
        () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == phone && m.Body.Contains("Reply YES", StringComparison.Ordinal))),
        what: $"an offer SMS to {phone}");

    [Fact]
    public async Task A_deactivated_worker_shows_as_inactive_with_the_reason_and_is_not_offered_even_when_nearest()
    {
        var nearest = await OnCallWorkerAsync("Ailsa Nearest", 57.150, -2.094);
        var further = await OnCallWorkerAsync("Bruce Further", 57.170, -2.094);

        using var deactivated = await Admin.PostAsJsonAsync($"/staff/{nearest.Id}/deactivate", new { reason = "suspended pending investigation" });

        deactivated.StatusCode.Should().Be(HttpStatusCode.OK);
        var shown = await fixture.Rostering.CreateClientAs(CersRoles.Coordinator).GetFromJsonAsync<JsonElement>($"/staff/{nearest.Id}");
        shown.GetProperty("active").GetBoolean().Should().BeFalse();
        shown.GetProperty("deactivation").GetProperty("reason").GetString().Should().Be("suspended pending investigation");
        shown.GetProperty("deactivation").GetProperty("by").GetString().Should().Be("test-administrator");

        var activationId = await ActivationAsync(57.149, -2.094, "AB10 Aberdeen");
        await OfferTo(further.Phone);
        var dispatch = await Dispatch(activationId, d => d.Offers.Count == 1);
        dispatch.Offers.Single().WorkerId.Should().Be(further.Id);
        fixture.Twilio.Messages.Should().NotContain(m => m.To == nearest.Phone);
        var candidates = await fixture.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/dispatches/{activationId}/candidates");
        candidates.GetProperty("excluded").EnumerateArray().Single(e => e.GetProperty("workerId").GetGuid() == nearest.Id)
            .GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Contain("inactive: suspended pending investigation");

        using var chosen = await fixture.Rostering.CreateClient().PostAsJsonAsync($"/dispatches/{activationId}/offers", new { workerId = nearest.Id, by = "Coordinator C. Lee" });
        chosen.StatusCode.Should().Be(HttpStatusCode.BadRequest, "not even a coordinator's choice reaches an inactive worker");

        using var back = await Admin.PostAsync($"/staff/{nearest.Id}/reactivate", null);
        (await back.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task An_offer_waiting_on_a_worker_who_is_deactivated_moves_on_to_the_next_worker_at_once()
    {
        var first = await OnCallWorkerAsync("Gwen First", 51.620, -3.940);
        var second = await OnCallWorkerAsync("Huw Second", 51.640, -3.940);
        var activationId = await ActivationAsync(51.619, -3.940, "SA1 Swansea");
        await OfferTo(first.Phone);

        using var deactivated = await Admin.PostAsJsonAsync($"/staff/{first.Id}/deactivate", new { reason = "left the service" });
        deactivated.StatusCode.Should().Be(HttpStatusCode.OK);

        await OfferTo(second.Phone);
        var dispatch = await Dispatch(activationId, d => d.Offers.Count == 2);
        dispatch.Offers[0].ClosedWhy.Should().Be("worker-deactivated");
        dispatch.Offers[1].WorkerId.Should().Be(second.Id);
        await Eventually.GetAsync(
            () => Task.FromResult(fixture.Published.OfType<Contracts.Rostering.OfferExpired>()
                .FirstOrDefault(o => o.ActivationId == activationId && o.WorkerId == first.Id && o.Why == "worker-deactivated")),
            what: "the closed offer announced to intake's timeline");
        (await new TwilioWebhook(fixture.Rostering.CreateClient()).TextAsync(first.Phone, $"YES {(await OfferTo(first.Phone)).Body.Split("Reply YES ")[1][..4]}"))
            .Should().Contain("already gone to someone else");
    }

    [Fact]
    public async Task A_worker_awaiting_a_reply_on_one_activation_is_not_offered_another_and_the_candidates_say_why()
    {
        var busy = await OnCallWorkerAsync("Nell Busy", 52.630, 1.297);
        var free = await OnCallWorkerAsync("Olly Free", 52.660, 1.297);
        var firstActivation = await ActivationAsync(52.629, 1.297, "NR1 Norwich");
        await OfferTo(busy.Phone);

        var secondActivation = await ActivationAsync(52.628, 1.297, "NR1 Norwich");

        await OfferTo(free.Phone);
        (await Dispatch(secondActivation, d => d.Offers.Count == 1)).Offers.Single().WorkerId.Should().Be(free.Id);
        var candidates = await fixture.Rostering.CreateClient().GetFromJsonAsync<JsonElement>($"/dispatches/{secondActivation}/candidates");
        candidates.GetProperty("excluded").EnumerateArray().Single(e => e.GetProperty("workerId").GetGuid() == busy.Id)
            .GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should().Contain($"awaiting their reply to an offer for activation {firstActivation}");
    }

    [Fact]
    public async Task A_coordinator_may_read_the_register_but_not_deactivate_a_worker_and_nothing_changes()
    {
        var worker = await OnCallWorkerAsync("Rhys Stays", 53.48, -2.24);
        var coordinator = fixture.Rostering.CreateClientAs(CersRoles.Coordinator);

        using var refused = await coordinator.PostAsJsonAsync($"/staff/{worker.Id}/deactivate", new { reason = "I think he left" });

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("administrator");
        (await coordinator.GetFromJsonAsync<JsonElement>($"/staff/{worker.Id}")).GetProperty("active").GetBoolean().Should().BeTrue();
        using var renew = await coordinator.PutAsJsonAsync($"/staff/{worker.Id}/dbs-check", new { expiresOn = "2030-01-01" });
        renew.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var rota = await coordinator.PostAsJsonAsync("/rotations", new { name = "x" });
        rota.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var anonymous = await fixture.Rostering.CreateAnonymousClient().GetAsync("/on-call/chain");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var intake = fixture.Rostering.CreateClientAs(CersRoles.Service);
        (await intake.GetAsync("/on-call/chain")).StatusCode.Should().Be(HttpStatusCode.OK, "crisis intake's phone line asks with its service token");
    }

    [Fact]
    public async Task Deactivating_without_a_reason_or_renewing_with_a_bad_date_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var worker = await OnCallWorkerAsync("Tess Unchanged", 53.80, -1.55);

        using var noReason = await Admin.PostAsJsonAsync($"/staff/{worker.Id}/deactivate", new { reason = " " });
        using var badDate = await Admin.PutAsJsonAsync($"/staff/{worker.Id}/training/medication-administration", new { expiresOn = "31/12/2027" });
        using var badSkill = await Admin.PutAsJsonAsync($"/staff/{worker.Id}/training/juggling", new { expiresOn = "2027-12-31" });

        foreach (var (response, field) in new[] { (noReason, "reason"), (badDate, "expiresOn"), (badSkill, "skill") })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(field);
        }

        await using var session = fixture.Store.QuerySession();
        (await session.Events.FetchStreamAsync(worker.Id)).Should().ContainSingle("only the registration is stored");
        using var unknown = await Admin.PostAsJsonAsync($"/staff/{Guid.NewGuid()}/deactivate", new { reason = "left" });
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_renewed_training_date_and_a_new_phone_number_are_recorded_and_SMS_from_the_new_number_reach_the_worker()
    {
        var worker = await OnCallWorkerAsync("Uma Renewed", 53.40, -2.98);
        var newPhone = Register.NewPhone();

        using var training = await Admin.PutAsJsonAsync($"/staff/{worker.Id}/training/moving-and-handling", new { expiresOn = "2028-03-31" });
        using var phone = await Admin.PutAsJsonAsync($"/staff/{worker.Id}/phone", new { phone = newPhone });

        training.StatusCode.Should().Be(HttpStatusCode.OK);
        phone.StatusCode.Should().Be(HttpStatusCode.OK);
        var shown = await Admin.GetFromJsonAsync<JsonElement>($"/staff/{worker.Id}");
        shown.GetProperty("phone").GetString().Should().Be(newPhone);
        shown.GetProperty("training").EnumerateArray().Should().Contain(t =>
            t.GetProperty("skill").GetString() == "moving-and-handling" && t.GetProperty("expiresOn").GetString() == "2028-03-31");
        var webhook = new TwilioWebhook(fixture.Rostering.CreateClient());
        (await webhook.TextAsync(worker.Phone, "hello")).Should().Contain("not on the CERS staff register", "the old number no longer leads to her");
        (await webhook.TextAsync(newPhone, "hello")).Should().NotContain("not on the CERS staff register");

        var colleague = await OnCallWorkerAsync("Una Colleague", 53.40, -2.99);
        using var taken = await Admin.PutAsJsonAsync($"/staff/{worker.Id}/phone", new { phone = colleague.Phone });
        taken.StatusCode.Should().Be(HttpStatusCode.Conflict, "an SMS reply must lead to exactly one person");
        (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("belongs to someone else");
        (await Admin.GetFromJsonAsync<JsonElement>($"/staff/{worker.Id}")).GetProperty("phone").GetString().Should().Be(newPhone, "nothing changed");
    }

    [Fact]
    public async Task Changes_to_one_worker_made_at_the_same_moment_are_all_kept()
    {
        var worker = await OnCallWorkerAsync("Vera Busy", 53.41, -2.97);
        var newPhone = Register.NewPhone();
        string[] renewed = [Contracts.CardLookup.Skills.PersonalCare, Contracts.CardLookup.Skills.Dementia, Contracts.CardLookup.Skills.Epilepsy,
            Contracts.CardLookup.Skills.Autism, Contracts.CardLookup.Skills.MentalHealth, Contracts.CardLookup.Skills.Children];

        var answers = await Task.WhenAll(renewed
            .Select(skill => Admin.PutAsJsonAsync($"/staff/{worker.Id}/training/{skill}", new { expiresOn = "2029-06-30" }))
            .Append(Admin.PutAsJsonAsync($"/staff/{worker.Id}/dbs-check", new { expiresOn = "2030-01-01" }))
            .Append(Admin.PutAsJsonAsync($"/staff/{worker.Id}/phone", new { phone = newPhone })));
        var statuses = answers.Select(a => a.StatusCode).ToList();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        statuses.Should().AllBeEquivalentTo(HttpStatusCode.OK, "each change met the others on the worker's stream and was decided again");
        var shown = await Admin.GetFromJsonAsync<JsonElement>($"/staff/{worker.Id}");
        shown.GetProperty("training").EnumerateArray().Where(t => t.GetProperty("expiresOn").GetString() == "2029-06-30")
            .Select(t => t.GetProperty("skill").GetString()).Should().BeEquivalentTo(renewed);
        shown.GetProperty("dbsCheckExpiresOn").GetString().Should().Be("2030-01-01");
        shown.GetProperty("phone").GetString().Should().Be(newPhone);
    }
}
