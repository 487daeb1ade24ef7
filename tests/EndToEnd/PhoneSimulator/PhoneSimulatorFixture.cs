using Cers.Dispatch.Testing;
using Cers.Dispatch.TwilioStandIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.EndToEnd.PhoneSimulator;

/// <summary>
/// The demo's Twilio stand-in, phone simulator and all, as the Twilio every service of a whole system with a console talks
/// to: the services send their SMS and calls to it, and it rings crisis intake and texts rostering at the addresses they
/// are served on, signed with the test system's auth token. Nobody answers offers by themselves.
/// </summary>
public sealed class PhoneSimulatorFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public ServiceHost<TwilioStandInApp> StandIn { get; private set; } = null!;

    public Uri PhonesUrl { get; private set; } = null!;

    public ConsoleSystemFixture Demo { get; private set; } = null!;

    /// <summary>The stand-in's settings, read on every request: a test may change the auth token it signs with.</summary>
    public StandInOptions StandInSettings => StandIn.Services.GetRequiredService<IOptions<StandInOptions>>().Value;

    public async Task InitializeAsync()
    {
        StandIn = new ServiceHost<TwilioStandInApp>($"t_{runId}_s_unused", $"s{runId}", settings: new Dictionary<string, string?>
        {
            ["StandIn:AccountSid"] = WholeSystemFixture.AccountSid,
            ["StandIn:AuthToken"] = IntakeSettings.TwilioAuthToken,
            ["StandIn:ServiceNumber"] = WholeSystemFixture.OurNumber,
            ["StandIn:AutoReply"] = "none",
            ["StandIn:ReplyDelayMilliseconds"] = "0",
        });
        var standInUrl = StandIn.ServeOverHttp();
        PhonesUrl = new Uri(standInUrl, "/phones");
        Demo = new ConsoleSystemFixture { Whole = new WholeSystemFixture { TwilioApi = standInUrl, TwilioCallsServedAddresses = true } };
        await Demo.InitializeAsync();

        // The webhooks are known only once the services are served, after the stand-in they send through.
        StandInSettings.VoiceWebhookUrl = new Uri(Demo.Whole.IntakeUrl, "/twilio/voice/incoming");
        StandInSettings.SmsWebhookUrl = new Uri(Demo.Whole.RosteringUrl, "/twilio/sms/incoming");
    }

    public async Task DisposeAsync()
    {
        await Demo.DisposeAsync();
        await StandIn.DisposeAsync();
    }
}
