using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Testing;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>The plan page against the real card lookup: what it shows the worker who accepted, and its record of who saw it.</summary>
[Collection(WithCardLookupCollection.Name)]
public sealed class PlanLinkWithCardLookupTests(WithCardLookupFixture fixture)
{
    private const string Street = "22 Byres Road";
    private const string KeySafe = "7391";

    private async Task<Guid> CarerWithPlanAsync()
    {
        var hub = fixture.CardLookup.CreateClient();
        async Task<JsonElement> Created(HttpResponseMessage response)
        {
            response.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent], await response.Content.ReadAsStringAsync());
            return response.StatusCode == HttpStatusCode.NoContent ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var carerId = (await Created(await hub.PostAsJsonAsync("/carers", new
        {
            firstName = "Grace",
            lastName = "Okafor",
            dateOfBirth = "1975-06-14",
            address = new { line1 = Street, town = "Glasgow", postcode = "G12 8QQ", latitude = 55.8721, longitude = -4.2885 },
            phones = new[] { new { label = "home", number = "0141 496 0123" } },
            preferredLanguage = "English",
            hubReference = $"HUB-RC-{Guid.NewGuid():N}"[..20],
            consentToSharePlan = true,
            registeredBy = "hub: J Brown",
        }))).GetProperty("carerId").GetGuid();
        var personId = (await Created(await hub.PostAsJsonAsync($"/carers/{carerId}/cared-for",
            new { firstName = "Emeka", lastName = "Okafor", dateOfBirth = "1948-02-03", relationship = "father", registeredBy = "hub: J Brown" })))
            .GetProperty("personId").GetGuid();
        var at = (fixture.Clock.GetCurrentInstant() + Duration.FromDays(3)).InUtc().LocalDateTime.ToString("uuuu-MM-dd'T'HH:mm:ss", null);
        var assessmentId = (await Created(await hub.PostAsJsonAsync($"/carers/{carerId}/assessments", new { at, assessor = "S Jones", bookedBy = "hub: J Brown" })))
            .GetProperty("assessmentId").GetGuid();
        await Created(await hub.PostAsJsonAsync($"/carers/{carerId}/assessments/{assessmentId}/completion", new { findings = "Home visit; plan agreed.", completedBy = "S Jones" }));
        await Created(await hub.PutAsJsonAsync($"/carers/{carerId}/plan", new
        {
            people = new[] { new { personId, careNeeds = "Seizures at night.", personalCareTasks = new[] { "washing" }, mobility = "Frame", communication = "Hard of hearing", diet = "Soft", allergies = Array.Empty<string>(), healthConditions = new[] { "epilepsy" } } },
            medication = new[] { new { personId, name = "Levetiracetam", dose = "500 mg", times = new[] { "08:00", "20:00" }, route = "by mouth", whereKept = "blue box, kitchen", whoMayGive = "trained staff" } },
            aidsAndEquipment = new[] { "walking frame" },
            gp = new { name = "Dr Shah", practice = "Byres Road Surgery", phone = "0141 496 0500" },
            homeAccess = new { entryInstructions = "Side gate; back door sticks.", keySafeCode = KeySafe, pets = "Old cat", hazards = "Loose carpet", accessibility = "Two steps" },
            keyItems = new[] { new { item = "house keys", location = "hook by the back door" } },
            requiredSkills = new[] { "epilepsy", "personal-care" },
            emergencyContacts = new[] { new { name = "Ngozi Okafor", relationship = "daughter", phone = "0141 496 0700" } },
            reviewDate = fixture.Clock.GetCurrentInstant().InUtc().Date.PlusDays(180).ToString("uuuu-MM-dd", null),
            recordedBy = "assessor: S Jones",
        }));
        return carerId;
    }

    [Fact]
    public async Task The_worker_who_accepted_sees_the_door_details_card_lookup_gives_them_and_card_lookup_records_that_they_did()
    {
        var carerId = await CarerWithPlanAsync();
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<Matching.CarerNeeds>(carerId);
        }, what: "card lookup's plan heard by rostering");
        var rostering = fixture.Rostering.CreateClient();
        var worker = await Register.StaffAsync(rostering, "Fiona Glasgow", "care-worker", 55.875, -4.29, ["epilepsy", "personal-care"]);
        await Register.RotationAsync(rostering, "care-worker", [worker.Id]);
        var activationId = Guid.NewGuid();
        var now = fixture.Clock.GetCurrentInstant();
        var opened = new Contracts.CrisisIntake.ActivationOpened(activationId, "PhoneLine", "492177305518", "AdmittedToHospital", "Ambulance", "Paramedic J. Okafor", null, now);
        var verified = new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "scotland", "G12 Glasgow", now);
        await fixture.Bus.Publish(opened);
        await fixture.Bus.Publish(verified);
        // As intake's relay tells them: each on its own for rostering, and in its news for card lookup's cover access.
        await fixture.Bus.PublishNewsAsync(opened, verified);

        var offer = await Eventually.GetAsync(
            () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == worker.Phone && m.Body.Contains("Reply YES", StringComparison.Ordinal))),
            what: "the offer to Fiona");
        var webhook = new TwilioWebhook(rostering);
        (await webhook.TextAsync(worker.Phone, $"YES {CoverScenario.CodeIn(offer)}")).Should().Contain("is yours");
        var link = await Eventually.GetAsync(
            () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == worker.Phone && m.Body.Contains("/plan/", StringComparison.Ordinal))),
            what: "the plan link");
        link.Body.Should().NotContain(Street).And.NotContain(KeySafe);
        var token = CoverScenario.PlanToken().Match(link.Body).Groups[1].Value;

        var anonymous = fixture.Rostering.CreateAnonymousClient();
        var page = await Eventually.GetAsync(async () =>
        {
            var opened = await anonymous.GetFromJsonAsync<JsonElement>($"/plan-links/{token}");
            return opened.GetProperty("doorDetails").ValueKind == JsonValueKind.Object ? new[] { opened } : null;
        }, what: "door details once card lookup has heard Fiona accepted");

        var door = page[0].GetProperty("doorDetails");
        door.GetProperty("access").GetProperty("keySafeCode").GetString().Should().Be(KeySafe);
        door.GetProperty("address").GetProperty("line1").GetString().Should().Be(Street);
        var views = await fixture.CardLookup.CreateClient().GetFromJsonAsync<JsonElement>($"/carers/{carerId}/door-detail-views");
        views.EnumerateArray().Should().Contain(v =>
            v.GetProperty("role").GetString() == "care-worker"
            && v.GetProperty("viewerName").GetString() == "Fiona Glasgow"
            && v.GetProperty("activationId").GetGuid() == activationId);

        (await webhook.TextAsync(worker.Phone, "ARRIVED")).Should().Contain("cover has started");
        (await webhook.TextAsync(worker.Phone, "LEFT")).Should().Contain("leaving is recorded");
        using var gone = await anonymous.GetAsync($"/plan-links/{token}");
        gone.StatusCode.Should().Be(HttpStatusCode.Gone);
    }
}
