using System.Net;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Vonage;

/// <summary>Vonage as the second provider of the outgoing queue: its answers read as accepted, throttled, unavailable or refused.</summary>
public sealed class VonageProvider(IServiceProvider services, IOptions<VonageOptions> options) : IMessagingProvider
{
    public const string ProviderName = "vonage";

    public string Name => ProviderName;

    public async Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var client = services.GetRequiredService<VonageClient>();
        if (message.Channel == MessageChannel.Call && string.IsNullOrWhiteSpace(options.Value.PrivateKey))
        {
            return new SendResult.Refused("Vonage voice is not configured (Vonage:ApplicationId, Vonage:PrivateKey)");
        }

        try
        {
            var answer = message.Channel == MessageChannel.Sms
                ? await client.SendSmsAsync(message.To, message.Text, cancellationToken)
                : await client.PlaceCallAsync(message.To, message.Text, KeypressEventUrl(message), cancellationToken);
            return Read(answer);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Unavailable($"Vonage could not be reached: {e.Message}");
        }
    }

    /// <summary>Vonage is not asked: a Vonage request without an answer counts as not taken (<see cref="SendAsync"/>), so this is never needed.</summary>
    public Task<SendResult?> FindUnansweredAsync(OutgoingMessage message, Instant since, CancellationToken cancellationToken) =>
        Task.FromResult<SendResult?>(new SendResult.Unavailable("Vonage is not asked what it took"));

    /// <summary>
    /// The SMS API answers 200 with a status per message: "0" sent, "1" throttled; 5 (internal error) is Vonage's trouble;
    /// the rest (invalid number, barred, ...) refuse this message.
    /// </summary>
    public static SendResult Read(VonageAnswer answer) => answer switch
    {
        { Status: HttpStatusCode.TooManyRequests } => new SendResult.Throttled(answer.RetryAfter ?? TimeSpan.FromSeconds(1)),
        { Status: >= HttpStatusCode.InternalServerError or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } =>
            new SendResult.Unavailable($"Vonage answered {(int)answer.Status}: {Truncate(answer.Error)}"),
        { Status: < HttpStatusCode.BadRequest, VonageStatus: "0", Id: { } id } => new SendResult.Accepted(id),
        { Status: < HttpStatusCode.BadRequest, VonageStatus: "1" } => new SendResult.Throttled(TimeSpan.FromSeconds(1)),
        { Status: < HttpStatusCode.BadRequest, VonageStatus: "5" or "4" or "8" or "9" } => new SendResult.Unavailable($"Vonage status {answer.VonageStatus}: {answer.Error}"),
        _ => new SendResult.Refused($"Vonage refused ({(int)answer.Status}, status {answer.VonageStatus}): {Truncate(answer.Error)}"),
    };

    private Uri? KeypressEventUrl(OutgoingMessage message) =>
        message.KeypressCallback is { } twilioStyle && options.Value.PublicBaseUrl is { } publicBase
            ? new Uri($"{publicBase.GetLeftPart(UriPartial.Path).TrimEnd('/')}{twilioStyle.AbsolutePath.Replace("/twilio/voice/", "/vonage/voice/", StringComparison.Ordinal)}")
            : null;

    private static string? Truncate(string? text) => text is { Length: > 300 } ? text[..300] : text;
}
