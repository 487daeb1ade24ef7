using System.Xml.Linq;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cers.Dispatch.IntegrationTests.PhoneLine;

/// <summary>
/// PostgreSQL away mid-call (a failover takes about twenty seconds): the emergency services' call is still answered at
/// the first try and put through to the on-call coordinator, and the activation is opened once PostgreSQL is back.
/// Intake reaches the real PostgreSQL through a relay the test cuts.
/// </summary>
public sealed class PostgresFailoverTests : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private readonly string journal = Path.Combine(Path.GetTempPath(), $"cers-call-journal-test-{Guid.NewGuid():N}");
    private readonly TcpProxy postgres;
    private readonly ServiceHost<CrisisIntakeApi> intake;

    public PostgresFailoverTests()
    {
        var real = new NpgsqlConnectionStringBuilder(LocalInfrastructure.MartenConnectionString);
        postgres = new TcpProxy(real.Host!, real.Port);
        var settings = IntakeSettings.Without(cardLookup: null);
        settings["OnCall:Fallback:0:Name"] = "On-call coordinator (fallback)";
        settings["OnCall:Fallback:0:Phone"] = PhoneLineFixture.CoordinatorPhone;
        settings["OnCall:Fallback:0:Role"] = "coordinator";
        settings["ConnectionStrings:Marten"] = new NpgsqlConnectionStringBuilder(real.ConnectionString) { Host = "127.0.0.1", Port = postgres.Port, Timeout = 3 }.ConnectionString;
        settings["PhoneLine:CallJournal"] = journal;
        intake = new ServiceHost<CrisisIntakeApi>($"t_{runId}_failover", $"t{runId}", settings: settings);
    }

    private TwilioCaller Twilio => new(intake.CreateClient());

    public async Task InitializeAsync()
    {
        await Eventually.GetAsync(async () =>
        {
            using var ready = await intake.CreateAnonymousClient().GetAsync("/health/ready");
            return ready.IsSuccessStatusCode ? "ready" : null;
        }, what: "intake ready on PostgreSQL and the bus");
    }

    public async Task DisposeAsync()
    {
        postgres.Restore();
        await intake.DisposeAsync();
        await postgres.DisposeAsync();
        await Schemas.DropAsync(intake.Schema);
        Directory.Delete(journal, recursive: true);
    }

    [Fact]
    public async Task A_call_while_PostgreSQL_is_away_is_put_through_at_once_and_its_activation_opened_when_it_is_back()
    {
        var callSid = TwilioCaller.NewCallSid();
        postgres.Cut();

        var twiml = await Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: "492177305518"));
        var leg = await Twilio.TwiMLAsync("/twilio/voice/dial-status?attempt=0", DialStatus(callSid, "no-answer"));

        using (var ready = await intake.CreateAnonymousClient().GetAsync("/health/ready"))
        using (var store = await intake.CreateAnonymousClient().GetAsync("/health/store"))
        {
            ready.IsSuccessStatusCode.Should().BeTrue("the load balancer keeps sending calls to an instance that can still answer them");
            store.IsSuccessStatusCode.Should().BeFalse("an operator is told PostgreSQL is away");
        }

        DialledNumber(twiml).Should().Be(PhoneLineFixture.CoordinatorPhone, "the caller is put through to the on-call coordinator while nothing can be stored");
        DialledNumber(leg).Should().Be(PhoneLineFixture.CoordinatorPhone, "an unanswered leg dials the chain's next, which here is the fallback again");
        Directory.GetFiles(journal, "*.json").Should().ContainSingle("the answered call is kept on disk until it is stored");
        (await EventsOf(callSid, whenReachable: false)).Should().BeNull();

        postgres.Restore();

        var events = await Eventually.GetAsync(async () => await EventsOf(callSid) is { Count: > 0 } stored ? stored : null, TimeSpan.FromSeconds(20));
        events.Should().SatisfyRespectively(
            e => e.Should().BeOfType<ActivationOpened>().Which.CardNumber.Should().Be("492177305518"),
            e => e.Should().BeOfType<CardNotIdentified>(),
            e => e.Should().BeOfType<CoordinatorDialled>().Which.Phone.Should().Be(PhoneLineFixture.CoordinatorPhone));
        await Eventually.GetAsync(() => Task.FromResult(Directory.GetFiles(journal, "*.json").Length == 0 ? "forgotten" : null));
    }

    [Fact]
    public async Task The_coordinators_answer_on_a_call_taken_while_PostgreSQL_was_away_is_recorded_once_it_is_back()
    {
        var callSid = TwilioCaller.NewCallSid();
        postgres.Cut();
        await Twilio.TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid));
        postgres.Restore();

        var answered = await Twilio.TwiMLAsync("/twilio/voice/dial-status?attempt=0", DialStatus(callSid, "completed"));

        answered.Elements().Should().BeEmpty("the caller spoke to the coordinator: the call ends");
        var events = await EventsOf(callSid);
        events!.OfType<CoordinatorDialled>().Should().ContainSingle();
        events!.OfType<CoordinatorAnswered>().Should().ContainSingle().Which.Phone.Should().Be(PhoneLineFixture.CoordinatorPhone);
    }

    private static Dictionary<string, string> DialStatus(string callSid, string status)
    {
        var form = TwilioCaller.Call(callSid);
        form["DialCallStatus"] = status;
        return form;
    }

    private static string DialledNumber(XElement twiml) => twiml.Element("Dial")!.Element("Number")!.Value;

    private async Task<IReadOnlyList<object>?> EventsOf(string callSid, bool whenReachable = true)
    {
        var store = intake.Services.GetRequiredService<IDocumentStore>();
        try
        {
            await using var session = store.QuerySession();
            var events = (await session.Events.FetchStreamAsync(PhoneCallIds.ActivationIdFor(callSid))).Select(e => e.Data).ToList();
            return events;
        }
        catch (Exception e) when (!whenReachable && StoreUnavailable.Is(e))
        {
            return null;
        }
    }
}
