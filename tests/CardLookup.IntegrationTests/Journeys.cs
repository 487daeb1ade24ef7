using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NodaTime;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>The hub's steps through HTTP: register a carer and their cared-for person, assess, plan and issue a card.</summary>
internal sealed class Journeys(CardLookupFixture fixture)
{
    private readonly HttpClient client = fixture.Client();
    private static int nextReference;

    public string Today => fixture.Clock.GetCurrentInstant().InUtc().Date.ToString("uuuu-MM-dd", null);

    public string DaysFromToday(int days) => fixture.Clock.GetCurrentInstant().InUtc().Date.PlusDays(days).ToString("uuuu-MM-dd", null);

    public static object Carer(string lastName = "Okafor", string dateOfBirth = "1975-06-14", string postcode = "G12 8QQ") => new
    {
        firstName = "Grace",
        lastName,
        dateOfBirth,
        address = new { line1 = "22 Byres Road", town = "Glasgow", postcode, latitude = 55.8721, longitude = -4.2885 },
        phones = new[] { new { label = "home", number = "0141 496 0123" } },
        preferredLanguage = "English",
        hubReference = $"HUB-IT-{Guid.NewGuid():N}"[..20] + Interlocked.Increment(ref nextReference),
        consentToSharePlan = true,
        registeredBy = "hub: J Brown",
    };

    public object Plan(Guid personId, int reviewInDays = 180, string keySafe = "7391") => new
    {
        people = new[]
        {
            new
            {
                personId, careNeeds = "Needs help with washing and dressing; epileptic seizures at night.", personalCareTasks = new[] { "washing", "dressing" },
                mobility = "Walks with a frame", communication = "Hard of hearing: face him", diet = "Soft diet", allergies = new[] { "penicillin" },
                healthConditions = new[] { "epilepsy", "dementia" },
            },
        },
        medication = new[] { new { personId, name = "Levetiracetam", dose = "500 mg", times = new[] { "08:00", "20:00" }, route = "by mouth", whereKept = "blue box, kitchen", whoMayGive = "trained staff" } },
        aidsAndEquipment = new[] { "walking frame", "bed rails" },
        gp = new { name = "Dr Shah", practice = "Byres Road Surgery", phone = "0141 496 0500" },
        homeAccess = new { entryInstructions = "Side gate; back door sticks, lift and push.", keySafeCode = keySafe, pets = "Old cat", hazards = "Loose stair carpet", accessibility = "Two steps to the front door" },
        keyItems = new[] { new { item = "house keys", location = "hook by the back door" } },
        requiredSkills = new[] { "epilepsy", "dementia", "personal-care" },
        emergencyContacts = new[]
        {
            new { name = "Ngozi Okafor", relationship = "daughter", phone = "0141 496 0700" },
            new { name = "Ian Ross", relationship = "neighbour", phone = "020 7946 0800" },
        },
        reviewDate = DaysFromToday(reviewInDays),
        recordedBy = "assessor: S Jones",
    };

    public async Task<Guid> RegisterCarerAsync(object? carer = null)
    {
        using var response = await client.PostAsJsonAsync("/carers", carer ?? Carer());
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("carerId").GetGuid();
    }

    public async Task<Guid> RegisterCaredForAsync(Guid carerId, string dateOfBirth = "1948-02-03", string firstName = "Emeka", Guid? personId = null)
    {
        using var response = await client.PostAsJsonAsync($"/carers/{carerId}/cared-for",
            new { firstName, lastName = "Okafor", dateOfBirth, relationship = "father", personId, registeredBy = "hub: J Brown" });
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("personId").GetGuid();
    }

    public async Task AssessAsync(Guid carerId)
    {
        var at = fixture.Clock.GetCurrentInstant().Plus(Duration.FromDays(3)).InUtc().LocalDateTime.ToString("uuuu-MM-dd'T'HH:mm:ss", null);
        using var booked = await client.PostAsJsonAsync($"/carers/{carerId}/assessments", new { at, assessor = "S Jones", bookedBy = "hub: J Brown" });
        await Expect(booked, HttpStatusCode.Created);
        var assessmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assessmentId").GetGuid();
        using var done = await client.PostAsJsonAsync($"/carers/{carerId}/assessments/{assessmentId}/completion", new { findings = "Home visit; plan agreed.", completedBy = "S Jones" });
        await Expect(done, HttpStatusCode.NoContent);
    }

    public async Task<int> RecordPlanAsync(Guid carerId, object plan)
    {
        using var response = await client.PutAsJsonAsync($"/carers/{carerId}/plan", plan);
        await Expect(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    }

    public async Task<string> IssueCardAsync(Guid carerId)
    {
        using var response = await client.PostAsJsonAsync($"/carers/{carerId}/cards", new { issuedBy = "hub: J Brown" });
        await Expect(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cardNumber").GetString()!;
    }

    /// <summary>A carer with a cared-for person, a completed assessment, a plan and a card.</summary>
    public async Task<(Guid CarerId, Guid PersonId, string CardNumber)> CarerWithCardAsync(object? carer = null)
    {
        var carerId = await RegisterCarerAsync(carer);
        var personId = await RegisterCaredForAsync(carerId);
        await AssessAsync(carerId);
        await RecordPlanAsync(carerId, Plan(personId));
        return (carerId, personId, await IssueCardAsync(carerId));
    }

    public Task<HttpResponseMessage> LookUpAsync(string cardNumber, string channel = "phone", string requestedBy = "coordinator: A Khan") =>
        client.GetAsync($"/lookup/card/{Uri.EscapeDataString(cardNumber)}?channel={channel}&requestedBy={Uri.EscapeDataString(requestedBy)}");

    public async Task<JsonElement> LookUpOkAsync(string cardNumber)
    {
        using var response = await LookUpAsync(cardNumber);
        await Expect(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"Expected {status} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} but got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
