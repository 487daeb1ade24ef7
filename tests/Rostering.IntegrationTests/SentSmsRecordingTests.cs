using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// Recording that an offer's SMS went, which starts the worker's time to answer: with the send itself when it can be, as
/// work of its own when the activation is busy, and never by sending again when PostgreSQL drops away at the worst moment
/// (Twilio has accepted the SMS, and rostering has yet to record which SMS carried it).
/// </summary>
public sealed class SentSmsRecordingTests
{
    private static readonly string OfferSent = OutgoingKinds.Sent(DispatchDesk.OfferPurpose);

    [Fact]
    public async Task An_offer_SMS_Twilio_accepted_is_recorded_as_sent_with_the_send_itself()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Sam Swift", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "Cambridge");

            var offer = await cover.SmsTo(worker.Phone);
            (await cover.Dispatch(activationId, d => d.Offers.Any(o => o.Sent))).Offers.Single().MessageSid.Should().Be(offer.Sid);

            var owed = await fixture.Rostering.Services.GetRequiredService<WorkQueue>().ForStreamAsync(activationId, CancellationToken.None);
            owed.Should().ContainSingle(w => w.Item.Kind == OutgoingKinds.Send).Which.DoneAt.Should().NotBeNull();
            owed.Should().NotContain(w => w.Item.Kind == OfferSent, "the SMS was recorded as sent in the transaction that recorded it done");
        });
    }

    [Fact]
    public async Task An_offer_SMS_accepted_while_the_activation_is_busy_is_recorded_as_sent_moments_later_and_sent_once()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Bea Busy", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            var turns = fixture.Rostering.Services.GetRequiredService<ActivationTurns>();
            Task? busy = null;
            fixture.Twilio.WhenAccepted = sms =>
            {
                if (sms.To == worker.Phone && busy is null)
                {
                    // Another decision on the activation takes its turn while Twilio is still answering, and keeps it a second.
                    using var session = fixture.Store.QuerySession();
                    var claim = session.LoadAsync<WorkerClaim>(worker.Id).GetAwaiter().GetResult()!;
                    busy = turns.InTurnAsync(claim.ActivationId, () => Task.Delay(TimeSpan.FromSeconds(1)), CancellationToken.None);
                }
            };

            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "Cambridge");

            var offer = await cover.SmsTo(worker.Phone);
            (await cover.Dispatch(activationId, d => d.Offers.Any(o => o.Sent))).Offers.Single().MessageSid.Should().Be(offer.Sid);

            busy.Should().NotBeNull();
            var owed = await fixture.Rostering.Services.GetRequiredService<WorkQueue>().ForStreamAsync(activationId, CancellationToken.None);
            owed.Should().ContainSingle(w => w.Item.Kind == OfferSent, "the activation was busy, so the SMS was recorded as sent by work of its own")
                .Which.DoneAt.Should().NotBeNull();
            fixture.Twilio.Messages.Where(m => m.To == worker.Phone).Should().ContainSingle("an SMS that went is recorded late, never sent twice");
        });
    }

    [Fact]
    public async Task An_offer_SMS_Twilio_accepted_just_as_PostgreSQL_dropped_away_is_still_recorded_with_its_sid()
    {
        await using var gate = new DatabaseGate(LocalInfrastructure.MartenConnectionString);
        var fixture = RosteringFixture.Through(gate);
        await fixture.InitializeAsync();
        try
        {
            var cover = new CoverScenario(fixture);
            var worker = await cover.ShiftWorkerAsync("Pat Prompt", 52.2053, 0.1218, Duration.FromHours(-1), Duration.FromHours(8));
            var cuts = 0;
            fixture.Twilio.WhenAccepted = sms =>
            {
                if (sms.To == worker.Phone && Interlocked.Exchange(ref cuts, 1) == 0)
                {
                    gate.Cut();
                    _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ => gate.Open(), TaskScheduler.Default);
                }
            };

            var activationId = await cover.ActivationAsync(52.2053, 0.1218, "Cambridge");

            var offer = await Eventually.GetAsync(
                () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == worker.Phone)), TimeSpan.FromSeconds(60), "the offer SMS");
            var recorded = await Eventually.GetAsync(async () =>
            {
                try
                {
                    await using var session = fixture.Store.QuerySession();
                    var dispatch = await session.LoadAsync<StaffDispatch>(activationId);
                    return dispatch?.Offers.FirstOrDefault(o => o.MessageSid == offer.Sid);
                }
                catch (Npgsql.NpgsqlException)
                {
                    return null; // the test reads through the gate too
                }
            }, TimeSpan.FromSeconds(60), "the offer recorded with the SMS's sid");

            recorded.WorkerId.Should().Be(worker.Id);
            cuts.Should().Be(1, "PostgreSQL was cut while the SMS was being accepted");
            fixture.Twilio.Messages.Where(m => m.To == worker.Phone).Should().ContainSingle("an SMS that went is recorded late, never sent twice");
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
