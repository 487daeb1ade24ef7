using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.Rostering;
using Cers.Dispatch.Testing;

namespace Cers.Dispatch.IntegrationTests.PhoneLine;

/// <summary>
/// Crisis intake's phone line with a real rostering over HTTP: the line answers from the on-call chain it keeps, so a
/// rota change reaches it within a refresh, and callers still reach rostering's coordinators while rostering is down.
/// </summary>
public sealed class KeptOnCallChainTests : IAsyncLifetime
{
    private static int nextPhone = Random.Shared.Next(100, 900);
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly FakeTwilio twilio = new();
    private ServiceHost<RosteringApi> rostering = null!;
    private ServiceHost<CrisisIntakeApi> intake = null!;

    /// <summary>The activations its calls open reach no other test's services.</summary>
    private string VirtualHost => $"cers-kept-{runId}";

    public async Task InitializeAsync()
    {
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", VirtualHost);
        await twilio.StartAsync();
        rostering = new ServiceHost<RosteringApi>($"t_{runId}_kept_rostering", $"k{runId}", settings: new Dictionary<string, string?>
        {
            ["RabbitMq:VirtualHost"] = VirtualHost,
            ["Twilio:ApiBaseUrl"] = twilio.BaseUrl.ToString(),
            ["Twilio:AccountSid"] = "ACtest00000000000000000000000000",
            ["Twilio:AuthToken"] = IntakeSettings.TwilioAuthToken,
            ["Twilio:FromNumber"] = "+443069990247",
            ["Twilio:PublicBaseUrl"] = IntakeSettings.PublicBaseUrl,
        });
        var settings = IntakeSettings.Without(cardLookup: null, rostering: rostering.ServeOverHttp(), twilioApi: twilio.BaseUrl);
        settings["OnCall:RefreshSeconds"] = "1";
        settings["RabbitMq:VirtualHost"] = VirtualHost;
        intake = new ServiceHost<CrisisIntakeApi>($"t_{runId}_kept_intake", $"k{runId}", settings: settings);
        _ = intake.CreateClient();
    }

    [Fact]
    public async Task A_rota_change_reaches_the_phone_line_within_a_refresh_and_callers_reach_the_kept_coordinator_while_rostering_is_down()
    {
        var client = rostering.CreateClient();
        var kit = await CoordinatorOnCallAsync(client, "Kit Day", priority: 10);
        await UntilPutThroughToAsync(kit, "the phone line to put callers through to Kit");

        var nell = await CoordinatorOnCallAsync(client, "Nell Cover", priority: 1);
        await UntilPutThroughToAsync(nell, "Nell's higher-priority rota to reach the phone line");

        await rostering.DisposeAsync();
        (await FirstDialledAsync()).Should().Be(nell, "the line answers from the chain it kept, not by asking rostering during the call");
    }

    /// <summary>A silent caller is put straight through: the number the line dials first.</summary>
    private async Task<string> FirstDialledAsync()
    {
        var twiml = await new TwilioCaller(intake.CreateClient()).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(TwilioCaller.NewCallSid()));
        return twiml.Element("Dial")!.Element("Number")!.Value;
    }

    /// <summary>Callers a quarter of a second apart until one is put through to <paramref name="phone"/>.</summary>
    private Task<string> UntilPutThroughToAsync(string phone, string what) =>
        Eventually.GetAsync(async () =>
        {
            if (await FirstDialledAsync() == phone)
            {
                return phone;
            }

            await Task.Delay(250);
            return null;
        }, within: TimeSpan.FromSeconds(20), what: what);

    private static async Task<string> CoordinatorOnCallAsync(HttpClient client, string name, int priority)
    {
        var phone = $"+447700900{Interlocked.Increment(ref nextPhone) % 1000:000}";
        using var staff = await client.PostAsJsonAsync("/staff", new
        {
            name, phone, role = "coordinator", skills = Array.Empty<string>(), languages = new[] { "en" }, active = true, registeredBy = "Duty manager D. Shaw",
        });
        staff.StatusCode.Should().Be(HttpStatusCode.Created, await staff.Content.ReadAsStringAsync());
        var id = (await staff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var rotation = await client.PostAsJsonAsync("/rotations", new
        {
            name = $"{name} on call", role = "coordinator", kind = "on-call", participants = new[] { id }, startsAt = "2026-11-02T09:00:00",
            turnDays = 7, priority, createdBy = "Duty manager D. Shaw",
        });
        rotation.StatusCode.Should().Be(HttpStatusCode.Created, await rotation.Content.ReadAsStringAsync());
        return phone;
    }

    public async Task DisposeAsync()
    {
        await intake.DisposeAsync();
        await rostering.DisposeAsync();
        await twilio.DisposeAsync();
        await Schemas.DropAsync(intake.Schema, rostering.Schema);
        await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", VirtualHost);
    }
}
