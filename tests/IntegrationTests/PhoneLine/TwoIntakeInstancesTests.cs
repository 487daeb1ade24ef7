using System.Xml.Linq;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.IntegrationTests.PhoneLine;

/// <summary>
/// Two crisis intake instances behind a load balancer, on one schema and one set of queues. Twilio retries a webhook that
/// was slow to answer, and the retry may reach the other instance while the first is still working on it.
/// </summary>
public sealed class TwoIntakeInstancesTests : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];
    private ServiceHost<CrisisIntakeApi>? first;
    private ServiceHost<CrisisIntakeApi>? second;

    private ServiceHost<CrisisIntakeApi> First => first!;

    private ServiceHost<CrisisIntakeApi> Second => second!;

    public async Task InitializeAsync()
    {
        first = NewInstance();
        _ = First.CreateClient();
        second = NewInstance();
        _ = Second.CreateClient();
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in new[] { second, first })
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        await Schemas.DropAsync($"t_{runId}_intake2");
    }

    [Fact]
    public async Task A_call_whose_webhook_reaches_both_instances_at_once_opens_one_activation_and_dials_one_coordinator()
    {
        var calls = Enumerable.Range(0, 12).Select(_ => TwilioCaller.NewCallSid()).ToList();

        var answers = await Task.WhenAll(calls.Select(async (callSid, i) =>
        {
            // A card of its own for every other call (calls for one card would join the one open for it); nothing keyed for the rest.
            var form = i % 2 == 0 ? TwilioCaller.Call(callSid, digits: $"49217730{i:0000}") : TwilioCaller.Call(callSid);
            var both = await Task.WhenAll(
                new TwilioCaller(First.CreateClient()).TwiMLAsync("/twilio/voice/card?attempt=1", form),
                new TwilioCaller(Second.CreateClient()).TwiMLAsync("/twilio/voice/card?attempt=1", form));
            return (CallSid: callSid, Both: both);
        }));

        await using var session = First.Services.GetRequiredService<IDocumentStore>().QuerySession();
        foreach (var (callSid, both) in answers)
        {
            both.Select(DialledNumber).Should().AllBe(PhoneLineFixture.CoordinatorPhone, "each instance puts the caller through");
            var events = (await session.Events.FetchStreamAsync(PhoneCallIds.ActivationIdFor(callSid))).Select(e => e.Data).ToList();
            events.OfType<ActivationOpened>().Should().ContainSingle("one call is one activation, whichever instance answered it");
            events.OfType<CoordinatorDialled>().Should().ContainSingle("the coordinator is dialled once for the call");
            events.OfType<ReportAttached>().Should().BeEmpty("the retried webhook is the same report, not a further one");
        }

        (await session.Query<Activation>().Where(a => a.Id.IsOneOf(calls.Select(PhoneCallIds.ActivationIdFor).ToArray())).CountAsync())
            .Should().Be(calls.Count);
    }

    [Fact]
    public async Task A_burst_of_calls_at_one_instance_holds_back_the_relay_of_the_other_until_its_callers_are_answered()
    {
        var atFirst = First.Services.GetRequiredService<CallsBeingAnswered>();
        var atSecond = Second.Services.GetRequiredService<CallsBeingAnswered>();

        var inHand = Enumerable.Range(0, CallsBeingAnswered.Busy + 1).Select(_ => atSecond.Answer()).ToList();

        await Eventually.GetAsync(() => Task.FromResult(atFirst.BurstElsewhere ? "heard" : null), TimeSpan.FromSeconds(10), "the second instance telling the first of its burst over PostgreSQL");
        var page = atFirst.BeforePageAsync(CancellationToken.None).AsTask();
        await Task.Delay(200);
        page.IsCompleted.Should().BeFalse("the first instance's relay waits though none of the burst's callers are its own");

        inHand.ForEach(call => call.Dispose());
        await Eventually.GetAsync(() => Task.FromResult(atFirst.BurstElsewhere ? null : "heard"), TimeSpan.FromSeconds(2), "the second instance telling the first its burst is over (its word would lapse only later)");
        atFirst.BeforePageAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully.Should().BeTrue();
        await page;
    }

    private ServiceHost<CrisisIntakeApi> NewInstance() => new($"t_{runId}_intake2", $"t{runId}", settings: PhoneLineFixture.Settings());

    private static string DialledNumber(XElement twiml) => twiml.Element("Dial")!.Element("Number")!.Value;
}
