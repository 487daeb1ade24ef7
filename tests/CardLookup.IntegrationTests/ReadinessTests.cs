using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using NodaTime;
using NodaTime.Text;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>
/// What rostering needs to tell whether a card can be served tonight: the plan's review date and key access, its
/// contacts and when their numbers were confirmed, and the carer's consent to share the plan, each told as it changes.
/// </summary>
[Collection(CardLookupCollection.Name)]
public sealed class ReadinessTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient administrator = fixture.Host.CreateClientAs(CersRoles.Administrator);

    private Task<HttpResponseMessage> ConfirmContactsAsync(Guid carerId, object body, HttpClient? client = null) =>
        (client ?? administrator).PostAsJsonAsync($"/carers/{carerId}/emergency-contacts/confirmations", body);

    private Task<JsonElement> CarerAsync(Guid carerId) => administrator.GetFromJsonAsync<JsonElement>($"/carers/{carerId}");

    [Fact]
    public async Task Contacts_confirmed_on_the_phone_are_shown_told_and_carried_into_a_revision_with_the_same_numbers()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        var confirmedAt = fixture.Clock.GetCurrentInstant();

        using var response = await ConfirmContactsAsync(carerId, new { planVersion = 1, how = "phoned" });

        await Journeys.Expect(response, HttpStatusCode.OK);
        var carer = await CarerAsync(carerId);
        carer.GetProperty("contactsConfirmed").GetProperty("planVersion").GetInt32().Should().Be(1);
        carer.GetProperty("contactsConfirmed").GetProperty("how").GetString().Should().Be("phoned");
        Instant(carer.GetProperty("planContactsConfirmedAt")).Should().Be(confirmedAt);
        var told = await Heard<Published.EmergencyContactsConfirmed>(m => m.CarerId == carerId);
        told.Should().Be(new Published.EmergencyContactsConfirmed(carerId, 1, confirmedAt));
        await using (var session = fixture.Store.QuerySession())
        {
            var stored = (await session.Events.FetchStreamAsync(carerId)).Select(e => e.Data).OfType<EmergencyContactsConfirmed>().Single();
            stored.ConfirmedBy.Should().Be("test-administrator", "who confirmed is the person signed in");
        }

        await hub.RecordPlanAsync(carerId, hub.Plan(personId, reviewInDays: 90));

        var revised = await Heard<Published.EmergencyPlanChanged>(m => m.CarerId == carerId && m.Version == 2);
        revised.ContactsConfirmedAt.Should().Be(confirmedAt);
        revised.KeyAccessOnFile.Should().BeTrue();
        revised.EmergencyContacts.Should().Be(2);
        revised.ReviewDate.Should().Be(LocalDatePattern.Iso.Parse(hub.DaysFromToday(90)).Value);
    }

    [Fact]
    public async Task A_revision_that_changes_a_number_is_told_unconfirmed_and_a_key_holder_keeps_key_access_without_the_key_safe()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        using (var confirmed = await ConfirmContactsAsync(carerId, new { planVersion = 1, how = "sms-reply" }))
        {
            await Journeys.Expect(confirmed, HttpStatusCode.OK);
        }

        var plan = JsonSerializer.SerializeToNode(hub.Plan(personId, keySafe: ""))!;
        plan["emergencyContacts"] = JsonSerializer.SerializeToNode(new[]
        {
            new { name = "Ngozi Okafor", relationship = "daughter", phone = "0141 496 0999", holdsKey = true },
        });
        await hub.RecordPlanAsync(carerId, plan);

        var revised = await Heard<Published.EmergencyPlanChanged>(m => m.CarerId == carerId && m.Version == 2);
        revised.ContactsConfirmedAt.Should().BeNull("the daughter's number changed since it was confirmed");
        revised.KeyAccessOnFile.Should().BeTrue("the daughter holds a key");
        revised.EmergencyContacts.Should().Be(1);
        var carer = await CarerAsync(carerId);
        carer.GetProperty("planContactsConfirmedAt").ValueKind.Should().Be(JsonValueKind.Null);
        carer.GetProperty("contactsConfirmed").GetProperty("planVersion").GetInt32().Should().Be(1);
        var shown = await administrator.GetFromJsonAsync<JsonElement>($"/carers/{carerId}/plan");
        shown.GetProperty("emergencyContacts")[0].GetProperty("holdsKey").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task A_confirmation_without_a_version_or_a_known_way_is_refused_naming_both_and_changes_nothing()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        using var response = await ConfirmContactsAsync(carerId, new { how = "email" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .Should().BeEquivalentTo("planVersion", "how");
        (await CarerAsync(carerId)).GetProperty("contactsConfirmed").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Only_the_contacts_of_the_latest_plan_can_be_confirmed()
    {
        var (carerId, personId, _) = await hub.CarerWithCardAsync();
        await hub.RecordPlanAsync(carerId, hub.Plan(personId));
        var withoutPlan = await hub.RegisterCarerAsync();

        using var older = await ConfirmContactsAsync(carerId, new { planVersion = 1, how = "phoned" });
        using var none = await ConfirmContactsAsync(withoutPlan, new { planVersion = 1, how = "phoned" });
        using var unknown = await ConfirmContactsAsync(Guid.NewGuid(), new { planVersion = 1, how = "phoned" });

        older.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await older.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("version 2");
        none.StatusCode.Should().Be(HttpStatusCode.Conflict);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await CarerAsync(carerId)).GetProperty("contactsConfirmed").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Nothing_is_confirmed_for_an_erased_carer()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();
        using (var erased = await administrator.PostAsJsonAsync($"/carers/{carerId}/erasure", new { reason = "erasure request DSR-2026-120" }))
        {
            await Journeys.Expect(erased, HttpStatusCode.OK);
        }

        using var contacts = await ConfirmContactsAsync(carerId, new { planVersion = 1, how = "phoned" });
        using var consent = await administrator.PostAsJsonAsync($"/carers/{carerId}/consent", new { consentToSharePlan = true });

        contacts.StatusCode.Should().Be(HttpStatusCode.Conflict);
        consent.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Consent_given_at_registration_is_told_and_a_withdrawal_is_shown_and_told_with_when()
    {
        var carerId = await hub.RegisterCarerAsync();
        var registered = await Heard<Published.PlanConsentRecorded>(m => m.CarerId == carerId);
        registered.ConsentToSharePlan.Should().BeTrue();
        fixture.Clock.Advance(Duration.FromMinutes(5));
        var withdrawnAt = fixture.Clock.GetCurrentInstant();

        using var response = await administrator.PostAsJsonAsync($"/carers/{carerId}/consent", new { consentToSharePlan = false });

        await Journeys.Expect(response, HttpStatusCode.OK);
        var carer = await CarerAsync(carerId);
        carer.GetProperty("consentToSharePlan").GetBoolean().Should().BeFalse();
        Instant(carer.GetProperty("consentRecordedAt")).Should().Be(withdrawnAt);
        (await Heard<Published.PlanConsentRecorded>(m => m.CarerId == carerId && !m.ConsentToSharePlan))
            .Should().Be(new Published.PlanConsentRecorded(carerId, false, withdrawnAt));
    }

    [Fact]
    public async Task Consent_needs_a_yes_or_a_no_and_a_known_carer()
    {
        var carerId = await hub.RegisterCarerAsync();

        using var blank = await administrator.PostAsJsonAsync($"/carers/{carerId}/consent", new { });
        using var unknown = await administrator.PostAsJsonAsync($"/carers/{Guid.NewGuid()}/consent", new { consentToSharePlan = true });

        blank.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await blank.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("consentToSharePlan");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await CarerAsync(carerId)).GetProperty("consentToSharePlan").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Only_those_who_keep_the_register_confirm_contacts_or_consent()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();
        var coordinator = fixture.Host.CreateClientAs(CersRoles.Coordinator);

        using var contacts = await ConfirmContactsAsync(carerId, new { planVersion = 1, how = "phoned" }, coordinator);
        using var consent = await coordinator.PostAsJsonAsync($"/carers/{carerId}/consent", new { consentToSharePlan = false });

        contacts.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        consent.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await CarerAsync(carerId)).GetProperty("consentToSharePlan").GetBoolean().Should().BeTrue();
    }

    private static Instant Instant(JsonElement json) => InstantPattern.ExtendedIso.Parse(json.GetString()!).Value;

    private Task<T> Heard<T>(Func<T, bool> matches) where T : class =>
        Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<T>().FirstOrDefault(matches)), what: typeof(T).Name);
}
