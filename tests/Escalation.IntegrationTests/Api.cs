using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Escalation.CoverLimits.Getting;
using Cers.Dispatch.Escalation.Timers.Listing;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>The service's HTTP API as the console uses it.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static async Task<TimerView> StartTimerAsync(HttpClient client, Guid activationId, string kind, Instant dueAt, string? target = null, Guid? timerId = null)
    {
        using var response = await client.PostAsJsonAsync("/timers", new { timerId, activationId, kind, dueAt = InstantPattern.ExtendedIso.Format(dueAt), target });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TimerView>(Json))!;
    }

    public static async Task<PendingTimers> PendingAsync(HttpClient client, Guid activationId) =>
        (await client.GetFromJsonAsync<PendingTimers>($"/timers?activation={activationId}", Json))!;

    public static async Task<TimerView> TimerAsync(HttpClient client, Guid timerId) =>
        (await client.GetFromJsonAsync<TimerView>($"/timers/{timerId}", Json))!;

    public static async Task<CoverLimitView?> CoverLimitAsync(HttpClient client, Guid activationId)
    {
        using var response = await client.GetAsync($"/cover-limits/{activationId}");
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<CoverLimitView>(Json) : null;
    }
}
