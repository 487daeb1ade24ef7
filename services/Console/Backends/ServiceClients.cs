using System.Text;
using System.Text.Json;

namespace Cers.Dispatch.Console.Backends;

/// <summary>
/// What a service answered, with a refusal put in plain words for the person at the console (a problem+json title, its
/// detail, and each field that was wrong).
/// </summary>
public sealed record ServiceAnswer(int Status, JsonElement? Body, string? Problem)
{
    public bool Ok => Status is >= 200 and < 300;

    private static readonly JsonSerializerOptions Reading = Cers.Dispatch.ServiceDefaults.NodaTimeJson.Web;

    /// <summary>
    /// Each field a problem+json refusal names (its <c>errors</c>, as the services' validators write them), with its messages;
    /// null when the answer names no fields.
    /// </summary>
    public IReadOnlyList<(string Field, IReadOnlyList<string> Messages)>? FieldErrors() => FieldErrorsOf(Body);

    public static IReadOnlyList<(string Field, IReadOnlyList<string> Messages)>? FieldErrorsOf(JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject()
                .Select(field => (field.Name, (IReadOnlyList<string>)(field.Value.ValueKind == JsonValueKind.Array
                    ? field.Value.EnumerateArray().Select(m => m.ToString()).ToList()
                    : [field.Value.ToString()])))
                .ToList()
            : null;

    /// <summary>The body as the record the page reads, or null when there is none.</summary>
    public T? As<T>() => Body is { } body ? Read<T>(body) : default;

    /// <summary>JSON from a service as the record the console reads it as (web names, NodaTime's ISO forms).</summary>
    public static T? Read<T>(JsonElement json) => json.Deserialize<T>(Reading);

    public static ServiceAnswer Unreachable(string service) =>
        new(0, null, $"{service} could not be reached just now; nothing was changed there. Try again, or phone the duty manager if it persists.");
}

/// <summary>A backend service as the console calls it: JSON in and out, on behalf of the person signed in.</summary>
public abstract class ServiceClient(HttpClient http, string serviceName)
{
    public Task<ServiceAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <summary>POSTs <paramref name="body"/>; with an <paramref name="idempotencyKey"/>, the service acts on that key once however often it is sent.</summary>
    public Task<ServiceAnswer> PostAsync(string path, object body, CancellationToken cancellationToken, string? idempotencyKey = null) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) },
            cancellationToken,
            request =>
            {
                if (!string.IsNullOrEmpty(idempotencyKey))
                {
                    request.Headers.Add("Idempotency-Key", idempotencyKey);
                }
            });

    public Task<ServiceAnswer> PutAsync(string path, object body, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) }, cancellationToken);

    /// <summary>A page the service renders itself (a printed card): its text when it answered 2xx, else the refusal in plain words.</summary>
    public async Task<(ServiceAnswer Answer, string? Text)> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        var (answer, text) = await ExchangeAsync(() => new HttpRequestMessage(HttpMethod.Get, path), null, cancellationToken);
        return (answer, answer.Ok ? text : null);
    }

    protected async Task<ServiceAnswer> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken, Action<HttpRequestMessage>? adjust = null) =>
        (await ExchangeAsync(request, adjust, cancellationToken)).Answer;

    private async Task<(ServiceAnswer Answer, string? Text)> ExchangeAsync(Func<HttpRequestMessage> request, Action<HttpRequestMessage>? adjust, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            adjust?.Invoke(message);
            using var response = await http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement? body = null;
            if (text.Length > 0 && IsJson(response))
            {
                using var document = JsonDocument.Parse(text);
                body = document.RootElement.Clone();
            }

            var status = (int)response.StatusCode;
            return (new ServiceAnswer(status, body, response.IsSuccessStatusCode ? null : InPlainWords(status, body)), text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            return (ServiceAnswer.Unreachable(serviceName), null);
        }
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase);

    private string InPlainWords(int status, JsonElement? body)
    {
        var words = new StringBuilder();
        if (body is { ValueKind: JsonValueKind.Object } problem)
        {
            Append(words, Text(problem, "title"));
            Append(words, Text(problem, "detail"));
            foreach (var (field, messages) in ServiceAnswer.FieldErrorsOf(problem) ?? [])
            {
                Append(words, $"{ServiceDefaults.PlainWords.Field(field)}: {string.Join(" ", messages)}");
            }
        }

        return words.Length > 0 ? words.ToString() : status switch
        {
            401 => $"{serviceName} did not accept who you are signed in as; sign in again.",
            403 => $"Your role does not allow this in {serviceName}; nothing was changed.",
            404 => $"{serviceName} does not know this.",
            _ => $"{serviceName} answered {status}; nothing was changed.",
        };
    }

    private static void Append(StringBuilder words, string? sentence)
    {
        if (string.IsNullOrWhiteSpace(sentence))
        {
            return;
        }

        if (words.Length > 0)
        {
            words.Append(' ');
        }

        words.Append(sentence.Trim());
        if (!sentence.TrimEnd().EndsWith('.') && !sentence.TrimEnd().EndsWith('?') && !sentence.TrimEnd().EndsWith('!'))
        {
            words.Append('.');
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>Crisis intake: activations, their timelines and the coordinator's decisions.</summary>
public sealed class CrisisIntakeClient(HttpClient http) : ServiceClient(http, "Crisis intake");

/// <summary>Rostering: dispatches, candidates and offers, rotas, handovers and plan links.</summary>
public sealed class RosteringClient(HttpClient http) : ServiceClient(http, "Rostering")
{
    /// <summary>A plan link is opened by a care worker who is not signed in: rostering records where it was opened from.</summary>
    public Task<ServiceAnswer> SendForVisitorAsync(HttpMethod method, string path, object? body, string? forwardedFor, string? userAgent, CancellationToken cancellationToken) =>
        SendAsync(
            () => new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) },
            cancellationToken,
            message =>
            {
                if (!string.IsNullOrEmpty(forwardedFor))
                {
                    message.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
                }

                if (!string.IsNullOrEmpty(userAgent))
                {
                    message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
                }
            });
}

/// <summary>Card lookup: carers, their plans and (for an open activation) the door details.</summary>
public sealed class CardLookupClient(HttpClient http) : ServiceClient(http, "Card lookup");

/// <summary>The three services a console page asks, in one parameter.</summary>
public sealed class ConsoleBackends(CrisisIntakeClient intake, RosteringClient rostering, CardLookupClient cards)
{
    public CrisisIntakeClient Intake { get; } = intake;

    public RosteringClient Rostering { get; } = rostering;

    public CardLookupClient Cards { get; } = cards;
}
