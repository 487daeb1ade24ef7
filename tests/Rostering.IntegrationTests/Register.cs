using System.Net.Http.Json;
using System.Text.Json;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>Builds staff and rotas through the HTTP API, as a duty manager would.</summary>
public static class Register
{
    private static readonly string[] English = ["en"];
    private static int next = Random.Shared.Next(0, 400);

    /// <summary>A number in Ofcom's drama range, new for each call within a run.</summary>
    public static string NewPhone() => $"+447700900{Interlocked.Increment(ref next) % 1000:000}";

    public static async Task<(Guid Id, string Phone)> StaffAsync(HttpClient client, string name, string role, double? lat = null, double? lon = null, string[]? skills = null)
    {
        var phone = NewPhone();
        using var response = await client.PostAsJsonAsync("/staff", new
        {
            name,
            phone,
            role,
            skills = skills ?? [],
            training = (skills ?? []).Where(s => s is "medication-administration" or "moving-and-handling").Select(s => new { skill = s, expiresOn = "2027-06-30" }),
            dbsCheckExpiresOn = role == "care-worker" ? "2028-01-31" : null,
            languages = English,
            homeBase = lat is null ? null : new { latitude = lat, longitude = lon },
            active = true,
            registeredBy = "Duty manager D. Shaw",
        });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetGuid(), phone);
    }

    public static async Task<Guid> RotationAsync(HttpClient client, string role, Guid[] participants, int priority = 10, string kind = "on-call", string startsAt = "2026-11-02T09:00:00")
    {
        using var response = await client.PostAsJsonAsync("/rotations", new
        {
            name = $"{role} rota {Guid.NewGuid():N}"[..30],
            role,
            kind,
            participants,
            startsAt,
            turnDays = 7,
            priority,
            createdBy = "Duty manager D. Shaw",
        });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
