using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.Escalation;
using Cers.Dispatch.Rostering;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.EndToEnd;

/// <summary>
/// Every service, each in its own schema, over the real PostgreSQL and RabbitMQ, calling each other over real HTTP on
/// loopback ports; Twilio's REST API played by a stand-in. One FakeClock drives them all, so a 10-minute offer
/// deadline passes when the test says so.
/// </summary>
public sealed class WholeSystemFixture : IAsyncLifetime
{
    public const string AccountSid = "ACtest00000000000000000000000000";
    public const string OurNumber = "+443069990247";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 14, 0));

    public FakeTwilio Twilio { get; } = new();

    /// <summary>Where the services send SMS and place calls instead of <see cref="Twilio"/>: the demo's stand-in, for the phone simulator's tests.</summary>
    public Uri? TwilioApi { get; init; }

    /// <summary>
    /// Each service's public base URL for Twilio is the address it is served on, as in the demo, so a stand-in calling
    /// those addresses signs what the services check, and the callbacks they give Twilio (alarm keypresses) reach them.
    /// </summary>
    public bool TwilioCallsServedAddresses { get; init; }

    /// <summary>A staff member's SMS to our number, as Twilio delivers it to rostering; returns the words of rostering's reply.</summary>
    public async Task<string?> TextRosteringAsync(string from, string body)
    {
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = AccountSid,
            ["From"] = from, ["To"] = OurNumber, ["Body"] = body, ["NumMedia"] = "0",
        };
        using var response = await new TwilioCaller(Rostering.CreateClient()).PostAsync("/twilio/sms/incoming", form);
        response.EnsureSuccessStatusCode();
        return System.Xml.Linq.XElement.Parse(await response.Content.ReadAsStringAsync()).Element("Message")?.Value;
    }

    /// <summary>
    /// Waits until crisis intake's phone line knows <paramref name="phone"/> as on call: it puts callers through from the
    /// chain it keeps, refreshed from rostering every second here, so a rota just made reaches it within a refresh.
    /// </summary>
    public Task UntilThePhoneLineKnowsAsync(string phone) =>
        Eventually.GetAsync(
            () => Task.FromResult(Intake.Services.GetRequiredService<Cers.Dispatch.CrisisIntake.Collaborators.KeptOnCallChain>()
                .At(Clock.GetCurrentInstant(), staleAfter: null)?.FirstOrDefault(contact => contact.Phone == phone)),
            what: $"the phone line to know {phone} as on call");

    /// <summary>
    /// Waits until crisis intake's phone line knows <paramref name="card"/> in <paramref name="status"/> from card lookup's
    /// messages (it then recognises the card without asking card lookup); null waits until it no longer knows the card.
    /// </summary>
    public Task UntilThePhoneLineKnowsCardAsync(string card, string? status = Cers.Dispatch.CrisisIntake.CardIndex.KnownCard.InUse) =>
        Eventually.GetAsync(
            async () =>
            {
                await using var session = Intake.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
                var known = await session.LoadAsync<Cers.Dispatch.CrisisIntake.CardIndex.KnownCard>(card);
                return (status is null ? known is null : known?.Check?.CardStatus == status) ? "known" : null;
            },
            what: $"the phone line to know card {card} as {status ?? "unknown"}");

    /// <summary>Takes <paramref name="card"/> out of the phone line's card index, as if card lookup's messages about it had not come yet.</summary>
    public async Task ForgetCardOnThePhoneLineAsync(string card)
    {
        await using var session = Intake.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
        session.Delete<Cers.Dispatch.CrisisIntake.CardIndex.KnownCard>(card);
        await session.SaveChangesAsync();
    }

    /// <summary>Puts <paramref name="card"/> back in use in the phone line's card index as of a moment before its last change, as if that change's message had been lost.</summary>
    public async Task LoseCardsLastChangeOnThePhoneLineAsync(string card)
    {
        await using var session = Intake.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
        var known = await session.LoadAsync<Cers.Dispatch.CrisisIntake.CardIndex.KnownCard>(card);
        session.Store(known! with { Status = Cers.Dispatch.CrisisIntake.CardIndex.KnownCard.InUse, StatusAsOf = known.StatusAsOf - NodaTime.Duration.FromSeconds(1) });
        await session.SaveChangesAsync();
    }

    /// <summary>The last SMS to <paramref name="phone"/> with <paramref name="containing"/> in it, once one has been sent.</summary>
    public async Task<string> LastSmsAsync(string phone, string containing) =>
        (await Eventually.GetAsync(
            () => Task.FromResult(Twilio.Messages.LastOrDefault(m => m.To == phone && m.Body.Contains(containing, StringComparison.Ordinal))),
            within: TimeSpan.FromSeconds(60), what: $"an SMS to {phone} with \"{containing}\"")).Body;

    /// <summary>An activation for <paramref name="card"/> opened by a partner agency through crisis intake's API, as the police or an ambulance crew would.</summary>
    public async Task<Guid> OpenByPartnerAsync(string card, string agency, string name, string callBackNumber)
    {
        using var response = await Intake.CreateClientAsAgency(agency).PostAsJsonAsync("/activations", new
        {
            cardNumber = card, reason = "AdmittedToHospital", reportedBy = new { agency, name, callBackNumber },
        });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
    }

    public ServiceHost<CardLookupApi> CardLookup { get; private set; } = null!;

    public ServiceHost<RosteringApi> Rostering { get; private set; } = null!;

    public ServiceHost<EscalationApi> Escalation { get; private set; } = null!;

    public ServiceHost<CrisisIntakeApi> Intake { get; private set; } = null!;

    /// <summary>Where plan links in workers' SMS point; a console under test serves /plan/{token} at its own address.</summary>
    public const string ConsolePublicUrl = "https://console.cers.example.org";

    public Uri CardLookupUrl { get; private set; } = null!;

    /// <summary>Crisis intake reaches card lookup through this, so a test can take card lookup away from it.</summary>
    public ServiceGate CardLookupGateForIntake { get; private set; } = null!;

    public Uri RosteringUrl { get; private set; } = null!;

    public Uri IntakeUrl { get; private set; } = null!;

    /// <summary>A RabbitMQ virtual host of its own: two whole systems on one broker would otherwise hear each other's timers.</summary>
    public string VirtualHost => $"cers-e2e-{runId}";

    public async Task InitializeAsync()
    {
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", VirtualHost);
        await Twilio.StartAsync();
        var prefix = $"w{runId}";
        void UseClock(IServiceCollection services) => services.AddSingleton<IClock>(Clock);
        var bus = new Dictionary<string, string?> { ["RabbitMq:VirtualHost"] = VirtualHost };
        var twilioApi = TwilioApi ?? Twilio.BaseUrl;
        var twilio = new Dictionary<string, string?>(bus)
        {
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:AuthToken"] = IntakeSettings.TwilioAuthToken,
            ["Twilio:ApiBaseUrl"] = twilioApi.ToString(),
            ["Twilio:PublicBaseUrl"] = IntakeSettings.PublicBaseUrl,
            ["Twilio:FromNumber"] = OurNumber,
        };
        int? rosteringPort = TwilioCallsServedAddresses ? LoopbackPorts.Free() : null;
        int? intakePort = TwilioCallsServedAddresses ? LoopbackPorts.Free() : null;

        CardLookup = new ServiceHost<CardLookupApi>($"t_{runId}_w_cards", prefix, UseClock, bus);
        var cardLookupUrl = CardLookupUrl = CardLookup.ServeOverHttp();
        var rostering = new Dictionary<string, string?>(twilio)
        {
            ["Services:CardLookup"] = cardLookupUrl.ToString(),
            ["Rostering:PlanLinkBaseUrl"] = ConsolePublicUrl,
        };
        if (TwilioCallsServedAddresses)
        {
            rostering["Twilio:PublicBaseUrl"] = $"http://127.0.0.1:{rosteringPort}";
        }

        Rostering = new ServiceHost<RosteringApi>($"t_{runId}_w_rostering", prefix, UseClock, rostering);
        var rosteringUrl = RosteringUrl = Rostering.ServeOverHttp(rosteringPort);
        Escalation = new ServiceHost<EscalationApi>($"t_{runId}_w_escalation", prefix, UseClock, bus);
        _ = Escalation.CreateClient();
        CardLookupGateForIntake = new ServiceGate(cardLookupUrl);
        await CardLookupGateForIntake.StartAsync();
        var intake = IntakeSettings.Without(CardLookupGateForIntake.BaseUrl, rosteringUrl, twilioApi);
        intake["RabbitMq:VirtualHost"] = VirtualHost;
        intake["OnCall:RefreshSeconds"] = "1";
        // Tests that take a card out of the index must not see a round put it back; the one that reconciles asks for it.
        intake["CardIndex:ReconcileMinutes"] = "720";
        if (TwilioCallsServedAddresses)
        {
            intake["Twilio:PublicBaseUrl"] = $"http://127.0.0.1:{intakePort}";
        }

        Intake = new ServiceHost<CrisisIntakeApi>($"t_{runId}_w_intake", prefix, UseClock, intake);
        IntakeUrl = Intake.ServeOverHttp(intakePort);
    }

    public async Task DisposeAsync()
    {
        await Intake.DisposeAsync();
        await Escalation.DisposeAsync();
        await Rostering.DisposeAsync();
        await CardLookupGateForIntake.DisposeAsync();
        await CardLookup.DisposeAsync();
        await Twilio.DisposeAsync();
        await Schemas.DropAsync(Intake.Schema, Escalation.Schema, Rostering.Schema, CardLookup.Schema);
        await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", VirtualHost);
    }
}
