using System.Diagnostics;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Testing;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>One emergency call as the harness placed it: when the digits were sent and how the webhook was answered.</summary>
public sealed record EmergencyCall(string CallSid, Guid ActivationId, string CardNumber, DateTimeOffset SentAt, TimeSpan AnsweredIn, int Status, int Tries)
{
    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>
/// Plays Twilio Voice for emergency callers: posts the webhook that carries the digits keyed in, signed with the auth
/// token as Twilio signs it, to crisis intake. The activation's id follows from the CallSid as intake derives it.
/// </summary>
public sealed class PhoneLine : IDisposable
{
    private const string CardWebhook = "/twilio/voice/card?attempt=1";

    /// <summary>Ofcom's numbers for drama (01xx 496 0xxx): each emergency comes from a phone of its own, as in life.</summary>
    private static readonly string[] CallerRanges = ["+44113496", "+44114496", "+44115496", "+44116496", "+44117496", "+44118496", "+44121496", "+44131496", "+44141496", "+44151496", "+44161496"];

    private int calls;
    private readonly List<HttpClient> intakes = [];
    private readonly List<TwilioCaller> twilios = [];

    /// <summary>Calls go to each instance of crisis intake in turn, signed for the service's own address as Twilio would.</summary>
    public PhoneLine(RunningSystem system)
    {
        var signedFor = system.Place.UrlOf(Services.CrisisIntake).ToString().TrimEnd('/');
        IReadOnlyList<string?> instances = system.Place.Clustered ? [null] : system.Place.InstancesOf(Services.CrisisIntake);
        foreach (var instance in instances)
        {
            var intake = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2_000, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = system.Place.UrlOf(Services.CrisisIntake, instance),
                Timeout = TimeSpan.FromSeconds(30),
            };
            intakes.Add(intake);
            twilios.Add(new TwilioCaller(intake, RunningSystem.TwilioAuthToken, signedFor));
        }
    }

    public static Guid ActivationIdFor(string callSid) => DeterministicGuid.From($"cers-dispatch/phone-call/{callSid}");

    /// <summary>
    /// One call with the card's digits. With <paramref name="retryUntilAnswered"/>, a webhook that fails (the service is
    /// down) is sent again with the same CallSid, as Twilio's fallback would, until intake answers it.
    /// </summary>
    public async Task<EmergencyCall> PhoneInAsync(string cardNumber, CancellationToken cancellationToken, bool retryUntilAnswered = false)
    {
        var callSid = TwilioCaller.NewCallSid();
        var n = Interlocked.Increment(ref calls);
        var twilio = twilios[n % twilios.Count];
        // Card lookup limits lookups per calling number (60 a minute), so one number for every call would be refused.
        var form = TwilioCaller.Call(callSid, digits: cardNumber, from: $"{CallerRanges[n % CallerRanges.Length]}0{n / CallerRanges.Length % 1000:000}");
        form["AccountSid"] = "AC00000000000000000000000000de0000";
        var sentAt = TimeProvider.System.GetUtcNow();
        var took = Stopwatch.StartNew();
        for (var tries = 1; ; tries++)
        {
            int status;
            try
            {
                using var response = await twilio.PostAsync(CardWebhook, form);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                status = (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                status = 0;
            }

            if (status is >= 200 and < 300 || !retryUntilAnswered || tries >= 120)
            {
                return new EmergencyCall(callSid, ActivationIdFor(callSid), cardNumber, sentAt, took.Elapsed, status, tries);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var intake in intakes)
        {
            intake.Dispose();
        }
    }
}
