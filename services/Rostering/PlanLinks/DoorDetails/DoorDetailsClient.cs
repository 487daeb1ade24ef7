using System.Net.Http.Headers;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;

namespace Cers.Dispatch.Rostering.PlanLinks.DoorDetails;

/// <summary>What card lookup gave for the door (passed through as it came), or why there is nothing.</summary>
public sealed record DoorDetailsAnswer(JsonElement? Details, string? UnavailableReason);

/// <summary>
/// Asks card lookup for what a worker needs at the door, as that worker: a short token with the care-worker role and the
/// worker as subject, so card lookup itself decides (and records) whether this worker may see this carer's details now.
/// The plan page must open whatever card lookup does, so every failure becomes a reason, never an error.
/// </summary>
public sealed class DoorDetailsClient(HttpClient http, CersTokens tokens, ILogger<DoorDetailsClient> logger)
{
    public const string CannotReach = "Card lookup could not be reached: phone the coordinator for the door details.";

    public async Task<DoorDetailsAnswer> GetAsync(Guid? carerId, Guid activationId, Guid workerId, string workerName, CancellationToken cancellationToken)
    {
        if (carerId is not { } carer)
        {
            return new DoorDetailsAnswer(null, "The carer is not identified yet: phone the coordinator for the door details.");
        }

        if (http.BaseAddress is null)
        {
            return new DoorDetailsAnswer(null, "Card lookup is not configured (Services:CardLookup): phone the coordinator for the door details.");
        }

        try
        {
            var (response, body) = await AskAsync(carer, activationId, workerId, workerName, cancellationToken);
            using var _ = response;
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.ValueKind == JsonValueKind.Object
                    ? new DoorDetailsAnswer(json.RootElement.Clone(), null)
                    : new DoorDetailsAnswer(null, "Card lookup answered without the details: phone the coordinator.");
            }

            logger.LogWarning("Card lookup refused door details of carer {CarerId} to worker {WorkerId}: {Status}", carer, workerId, (int)response.StatusCode);
            return new DoorDetailsAnswer(null, $"Card lookup refused ({(int)response.StatusCode}): {TitleOf(body) ?? response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                     or Polly.CircuitBreaker.BrokenCircuitException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Card lookup could not be asked for door details of carer {CarerId}", carer);
            return new DoorDetailsAnswer(null, CannotReach);
        }
    }

    /// <summary>
    /// Card lookup learns that the worker accepted from rostering's message, a moment after the acceptance: a worker who
    /// opens the link at once can be ahead of it. A refusal is asked again for a few seconds before it is shown.
    /// </summary>
    private async Task<(HttpResponseMessage Response, string Body)> AskAsync(Guid carer, Guid activationId, Guid workerId, string workerName, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"carers/{carer}/door-details?activationId={activationId}");
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Bearer", tokens.Mint(workerId.ToString(), workerName, [CersRoles.CareWorker], Duration.FromMinutes(2)));
            var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.Forbidden || attempt == 6)
            {
                return (response, body);
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), cancellationToken);
        }
    }

    private static string? TitleOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
