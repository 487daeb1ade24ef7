using System.Net.Http.Json;
using System.Text.Json;

namespace Cers.Dispatch.EndToEnd;

/// <summary>Registers what a test needs through the services' own HTTP APIs, as the carers hub would.</summary>
public static class Seed
{
    /// <summary>Where a seeded carer lives, and the family name the household shares (made unique per carer).</summary>
    public sealed record Home(string Line1, string Town, string Postcode, double Latitude, double Longitude, string FamilyName, string Surgery);

    public static readonly Home Cambridge = new("14 Mill Road", "Cambridge", "CB1 2AD", 52.2000, 0.1370, "Hale", "Mill Road Surgery");

    public static readonly Home Peterborough = new("3 Cathedral Square", "Peterborough", "PE1 1XS", 52.5730, -0.2420, "Pike", "City Surgery");

    /// <summary>
    /// Far from every other seeded home: a test that ranks candidates there cannot have its workers asked first by another
    /// test's activation still waiting for a free worker (the waiting sweep asks any free worker within reach).
    /// </summary>
    public static readonly Home Carlisle = new("9 Warwick Road", "Carlisle", "CA1 1DH", 54.8920, -2.9290, "Graham", "Warwick Road Surgery");

    /// <summary>Far from every other seeded home too, for a test that needs every worker within reach to be its own.</summary>
    public static readonly Home Penzance = new("2 Market Jew Street", "Penzance", "TR18 2HZ", 50.1190, -5.5370, "Trevail", "Morrab Surgery");

    /// <summary>A carer in Cambridge with a cared-for husband, an assessed plan and a card; each call a new carer.</summary>
    public static Task<(Guid CarerId, string CardNumber, string Surname)> CarerWithCardInCambridge(HttpClient cards) => CarerWithCard(cards, Cambridge);

    /// <summary>A carer at <paramref name="home"/> with a cared-for husband, an assessed plan and a card; each call a new carer.</summary>
    /// <param name="workersNeeded">How many care workers the plan needs at once (2 for a two-person transfer).</param>
    public static async Task<(Guid CarerId, string CardNumber, string Surname)> CarerWithCard(HttpClient cards, Home home, int workersNeeded = 1)
    {
        var surname = $"{home.FamilyName}{Guid.NewGuid().ToString("N")[..6]}";
        using var carer = await cards.PostAsJsonAsync("/carers", new
        {
            firstName = "Margaret", lastName = surname, dateOfBirth = "1958-04-09",
            address = new { line1 = home.Line1, town = home.Town, postcode = home.Postcode, latitude = home.Latitude, longitude = home.Longitude },
            phones = new[] { new { label = "mobile", number = "0113 496 0123" } },
            preferredLanguage = "English", hubReference = $"HUB-E2E-{Guid.NewGuid():N}"[..20], consentToSharePlan = true, registeredBy = "hub: J Brown",
        });
        (await Expect(carer)).Should().BeTrue(await carer.Content.ReadAsStringAsync());
        var carerId = (await carer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("carerId").GetGuid();
        using var person = await cards.PostAsJsonAsync($"/carers/{carerId}/cared-for", new { firstName = "Tom", lastName = home.FamilyName, dateOfBirth = "1954-01-20", relationship = "husband", registeredBy = "hub: J Brown" });
        var personId = (await person.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("personId").GetGuid();
        using var booked = await cards.PostAsJsonAsync($"/carers/{carerId}/assessments", new { at = "2026-11-28T10:00:00", assessor = "S Jones", bookedBy = "hub: J Brown" });
        var assessmentId = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assessmentId").GetGuid();
        using var done = await cards.PostAsJsonAsync($"/carers/{carerId}/assessments/{assessmentId}/completion", new { findings = "Plan agreed.", completedBy = "S Jones" });
        using var plan = await cards.PutAsJsonAsync($"/carers/{carerId}/plan", new
        {
            people = new[] { new { personId, careNeeds = "Help with washing, dressing and meals; dementia.", personalCareTasks = new[] { "washing" }, mobility = "Walks with a stick", communication = "Speak slowly", diet = "Normal", allergies = Array.Empty<string>(), healthConditions = new[] { "dementia" } } },
            medication = Array.Empty<object>(), aidsAndEquipment = Array.Empty<string>(),
            gp = new { name = "Dr Rao", practice = home.Surgery, phone = "0113 496 0500" },
            homeAccess = new { entryInstructions = "Front door", keySafeCode = "1234", pets = "none", hazards = "none", accessibility = "level" },
            keyItems = Array.Empty<object>(), requiredSkills = new[] { "personal-care", "dementia" },
            emergencyContacts = new[] { new { name = $"Sue {home.FamilyName}", relationship = "daughter", phone = "0113 496 0700" } },
            reviewDate = "2027-05-01", recordedBy = "assessor: S Jones", workersNeeded,
        });
        (await Expect(plan)).Should().BeTrue(await plan.Content.ReadAsStringAsync());
        using var card = await cards.PostAsJsonAsync($"/carers/{carerId}/cards", new { issuedBy = "hub: J Brown" });
        (await Expect(card)).Should().BeTrue(await card.Content.ReadAsStringAsync());
        return (carerId, (await card.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cardNumber").GetString()!, surname);
    }


    private static int nextPhone = Random.Shared.Next(0, 900);

    /// <summary>A care worker with personal care and dementia skills, on call all week, based at the given place.</summary>
    public static async Task<(Guid Id, string Phone)> CareWorkerOnCallAsync(HttpClient rostering, string name, double latitude, double longitude)
    {
        var (id, phone) = await StaffWithANumberOfTheirOwnAsync(
            rostering,
            () => $"+447700900{500 + (Interlocked.Increment(ref nextPhone) % 500):000}",
            phone => new
            {
                name, phone, role = "care-worker", skills = new[] { "personal-care", "dementia" }, training = Array.Empty<object>(),
                dbsCheckExpiresOn = "2028-01-31", languages = new[] { "en" }, homeBase = new { latitude, longitude }, active = true,
                registeredBy = "Duty manager D. Shaw",
            });
        using var rota = await rostering.PostAsJsonAsync("/rotations", new
        {
            name = $"on call {id:N}"[..30], role = "care-worker", kind = "on-call", participants = new[] { id },
            startsAt = "2026-11-02T09:00:00", turnDays = 7, priority = 10, createdBy = "Duty manager D. Shaw",
        });
        (await Expect(rota)).Should().BeTrue(await rota.Content.ReadAsStringAsync());
        return (id, phone);
    }

    /// <summary>
    /// Registers a person with rostering under a number drawn by <paramref name="nextNumber"/>. There are only a thousand
    /// drama numbers and the tests share them, so a number someone already has (409) is passed over for the next.
    /// </summary>
    public static async Task<(Guid Id, string Phone)> StaffWithANumberOfTheirOwnAsync(HttpClient rostering, Func<string> nextNumber, Func<string, object> person)
    {
        for (var tries = 1; ; tries++)
        {
            var phone = nextNumber();
            using var staff = await rostering.PostAsJsonAsync("/staff", person(phone));
            if (staff.StatusCode == System.Net.HttpStatusCode.Conflict && tries < 10)
            {
                continue;
            }

            staff.IsSuccessStatusCode.Should().BeTrue(await staff.Content.ReadAsStringAsync());
            return ((await staff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), phone);
        }
    }

    private static Task<bool> Expect(HttpResponseMessage response) => Task.FromResult(response.IsSuccessStatusCode);
}
