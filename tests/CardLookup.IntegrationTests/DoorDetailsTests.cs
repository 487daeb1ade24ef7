using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class DoorDetailsTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient coordinator = fixture.Host.CreateClientAs(CersRoles.Coordinator);
    private readonly HttpClient supervisor = fixture.Host.CreateClientAs(CersRoles.Supervisor);

    [Fact]
    public async Task A_coordinator_handling_an_open_activation_sees_the_key_safe_code_and_the_showing_is_recorded()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();
        var cover = new CoverPlayer(fixture);
        await cover.OpenedForAsync(carerId, card);

        using var response = await coordinator.GetAsync($"/carers/{carerId}/door-details?activationId={cover.ActivationId}");

        await Journeys.Expect(response, HttpStatusCode.OK);
        var details = await response.Content.ReadFromJsonAsync<JsonElement>();
        details.GetProperty("access").GetProperty("keySafeCode").GetString().Should().Be("7391");
        details.GetProperty("access").GetProperty("entryInstructions").GetString().Should().Contain("Side gate");
        details.GetProperty("address").GetProperty("line1").GetString().Should().Be("22 Byres Road");
        details.GetProperty("medication")[0].GetProperty("whereKept").GetString().Should().Be("blue box, kitchen");
        details.GetProperty("emergencyContacts").GetArrayLength().Should().Be(2);
        details.GetProperty("keyItems")[0].GetProperty("location").GetString().Should().Be("hook by the back door");

        var views = await supervisor.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/door-detail-views");
        views.GetArrayLength().Should().Be(1);
        views[0].GetProperty("role").GetString().Should().Be("coordinator");
        views[0].GetProperty("viewerName").GetString().Should().Be("test-coordinator");
        views[0].GetProperty("activationId").GetGuid().Should().Be(cover.ActivationId);
    }

    [Fact]
    public async Task A_coordinator_without_an_open_activation_for_the_carer_is_refused_and_nothing_is_recorded()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        using var response = await coordinator.GetAsync($"/carers/{carerId}/door-details");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("No activation for this carer is open");
        (await supervisor.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/door-detail-views")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_open_activation_for_someone_else_does_not_open_this_carers_door()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();
        var (otherCarer, _, otherCard) = await hub.CarerWithCardAsync();
        var cover = new CoverPlayer(fixture);
        await cover.OpenedForAsync(otherCarer, otherCard);

        using var response = await coordinator.GetAsync($"/carers/{carerId}/door-details?activationId={cover.ActivationId}");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_worker_who_accepted_sees_them_until_they_leave_and_another_worker_never()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();
        var cover = new CoverPlayer(fixture);
        var ben = Guid.NewGuid();
        await cover.OpenedForAsync(carerId, card);
        await cover.AcceptedByAsync(ben);
        var path = $"/carers/{carerId}/door-details?activationId={cover.ActivationId}";

        using (var shown = await cover.AsCareWorker(ben).GetAsync(path))
        {
            await Journeys.Expect(shown, HttpStatusCode.OK);
            (await shown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access").GetProperty("keySafeCode").GetString().Should().Be("7391");
        }

        using (var otherWorker = await cover.AsCareWorker(Guid.NewGuid(), "Cara Lim").GetAsync(path))
        {
            otherWorker.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await otherWorker.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("did not accept");
        }

        await cover.LeftAsync(ben);
        using (var afterLeaving = await cover.AsCareWorker(ben).GetAsync(path))
        {
            afterLeaving.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        var views = await supervisor.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/door-detail-views");
        views.EnumerateArray().Select(v => (v.GetProperty("role").GetString(), v.GetProperty("viewerSubject").GetString()))
            .Should().Equal(("care-worker", ben.ToString()));
    }

    [Fact]
    public async Task Once_the_activation_closes_the_coordinator_no_longer_sees_them()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();
        var cover = new CoverPlayer(fixture);
        await cover.OpenedForAsync(carerId, card);
        await cover.ClosedAsync();

        using var response = await coordinator.GetAsync($"/carers/{carerId}/door-details?activationId={cover.ActivationId}");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("closed");
    }

    [Fact]
    public async Task The_plan_and_the_lookup_never_carry_the_key_safe_code_or_the_entry_instructions()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();
        var cover = new CoverPlayer(fixture);
        await cover.OpenedForAsync(carerId, card);

        var plan = await coordinator.GetStringAsync($"/carers/{carerId}/plan");
        using var lookup = await hub.LookUpAsync(card);
        var answer = await lookup.Content.ReadAsStringAsync();

        // The code as a JSON value: bare digits also turn up inside the random ids (a UUID once held "7391").
        plan.Should().NotContain("\"7391\"").And.NotContain("keySafeCode").And.NotContain("Side gate").And.Contain("\"keySafeFitted\":true");
        answer.Should().NotContain("\"7391\"").And.NotContain("keySafeCode").And.NotContain("Side gate");
    }

    [Fact]
    public async Task A_care_worker_cannot_read_plans_look_up_cards_or_list_who_saw_the_door_details()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();
        var worker = new CoverPlayer(fixture).AsCareWorker(Guid.NewGuid());

        (await worker.GetAsync($"/carers/{carerId}/plan")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await worker.GetAsync($"/lookup/card/{card}?channel=console&requestedBy=worker")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await worker.GetAsync($"/carers/{carerId}/door-detail-views")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await coordinator.GetAsync($"/carers/{carerId}/door-detail-views")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Asking_who_saw_the_door_details_of_a_carer_never_registered_is_answered_404_not_an_empty_list()
    {
        using var response = await supervisor.GetAsync($"/carers/{Guid.NewGuid()}/door-detail-views");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("No carer");
    }

    [Fact]
    public async Task Without_credentials_door_details_are_refused_outright()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        using var response = await fixture.Host.CreateAnonymousClient().GetAsync($"/carers/{carerId}/door-details");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
