using System.Net.Http.Json;
using System.Text.Json;

namespace Cers.Dispatch.EndToEnd.Paging;

/// <summary>
/// The whole system with an on-call team of its own: coordinators Cora (first in rota order) and Cal, duty manager Dee.
/// Every alarm in these tests climbs that chain.
/// </summary>
public sealed class PagingFixture : IAsyncLifetime
{
    public WholeSystemFixture System { get; } = new();

    public OnCallPerson Cora { get; private set; } = null!;

    public OnCallPerson Cal { get; private set; } = null!;

    public OnCallPerson Dee { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await System.InitializeAsync();
        var rostering = System.Rostering.CreateClient();
        Cora = await OnCallAsync(rostering, "Cora Coordinator", "coordinator", "+447700900701", priority: 1);
        Cal = await OnCallAsync(rostering, "Cal Coordinator", "coordinator", "+447700900702", priority: 2);
        Dee = await OnCallAsync(rostering, "Dee Duty-Manager", "duty-manager", "+447700900703", priority: 1);
    }

    public Task DisposeAsync() => System.DisposeAsync();

    private static async Task<OnCallPerson> OnCallAsync(HttpClient rostering, string name, string role, string phone, int priority)
    {
        using var staff = await rostering.PostAsJsonAsync("/staff", new
        {
            name, phone, role, skills = Array.Empty<string>(), training = Array.Empty<object>(), languages = new[] { "en" },
            active = true, registeredBy = "Duty manager D. Shaw",
        });
        staff.EnsureSuccessStatusCode();
        var id = (await staff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var rota = await rostering.PostAsJsonAsync("/rotations", new
        {
            name = $"{role} {name}", role, kind = "on-call", participants = new[] { id },
            startsAt = "2026-11-02T09:00:00", turnDays = 7, priority, createdBy = "Duty manager D. Shaw",
        });
        rota.EnsureSuccessStatusCode();
        return new OnCallPerson(id, name, phone, role);
    }
}

public sealed record OnCallPerson(Guid Id, string Name, string Phone, string Role);

[CollectionDefinition(Name)]
public sealed class PagingCollection : ICollectionFixture<PagingFixture>
{
    public const string Name = "paging";
}
