using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Testing;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// PostgreSQL dropping away at the worst moment for an offer: Twilio has accepted the SMS, and rostering has yet to record
/// which SMS carried it (the message that led to the offer is already marked handled, so nothing would come back to it).
/// </summary>
public sealed class SentSmsRecordingTests
{
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
