using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using MassTransit;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>A rostering of its own (schema, clock, Twilio) for alerts, which look at every rota and person on the register.</summary>
[CollectionDefinition(Name)]
public sealed class RotaAlertsCollection : ICollectionFixture<RosteringFixture>
{
    public const string Name = "rostering-alerts";
}

/// <summary>
/// The duty manager on call is paged days ahead of rota gaps and expiring checks, once, until one answers for it, and the
/// alert resolves when mended. Several duty managers may be on call (the tests share a register): the page goes to the
/// first in rota order, so a test looks for it among them.
/// </summary>
[Collection(RotaAlertsCollection.Name)]
public sealed class RotaAlertTests(RosteringFixture fixture)
{
    private HttpClient Admin => fixture.Rostering.CreateClientAs(CersRoles.Administrator);

    private Instant Now => fixture.Clock.GetCurrentInstant();

    private List<SentSms> PagesAbout(string containing) =>
        fixture.Twilio.Messages.Where(m => m.Body.StartsWith("CERS ALARM", StringComparison.Ordinal) && m.Body.Contains(containing, StringComparison.Ordinal)).ToList();

    /// <summary>The page about <paramref name="containing"/>, which must have gone to a duty manager on call.</summary>
    private async Task<SentSms> PageToDutyManagerAsync(string containing)
    {
        var page = await Eventually.GetAsync(
            () => Task.FromResult(PagesAbout(containing).FirstOrDefault()),
            what: $"a page containing \"{containing}\"; sent: {string.Join(" | ", fixture.Twilio.Messages.Select(m => $"{m.To}: {m.Body}"))}");
        var onCall = await Admin.GetFromJsonAsync<JsonElement>("/on-call?role=duty-manager");
        onCall.EnumerateArray().Select(d => d.GetProperty("phone").GetString()).Should().Contain(page.To, "rota problems are the duty manager's");
        return page;
    }

    private async Task AcknowledgeAsync(SentSms page)
    {
        var code = System.Text.RegularExpressions.Regex.Match(page.Body, @"Reply ACK ([A-Z0-9]{4})").Groups[1].Value;
        (await new TwilioWebhook(fixture.Rostering.CreateClient()).TextAsync(page.To, $"ACK {code}")).Should().Contain($"alarm {code} is yours");
    }

    private async Task<Contracts.Escalation.StartTimer> DailyCheckTimer(Func<Contracts.Escalation.StartTimer, bool> matching) => await Eventually.GetAsync(
        () => Task.FromResult(fixture.Published.OfType<Contracts.Escalation.StartTimer>().FirstOrDefault(t => t.Kind == "rota-alerts-check" && matching(t))),
        what: "the daily alert check's timer asked of escalation");

    private async Task FireAsync(Contracts.Escalation.StartTimer timer) =>
        await fixture.Bus.Publish(
            new Contracts.Escalation.TimerFired(timer.TimerId, timer.ActivationId, timer.Kind, timer.DueAt, Now, timer.Target),
            c => c.MessageId = Guid.NewGuid());

    private async Task<(Guid Id, string Phone)> DutyManagerOnCallAsync(string name)
    {
        var manager = await Register.StaffAsync(Admin, name, "duty-manager");
        await Register.RotationAsync(Admin, "duty-manager", [manager.Id]);
        return manager;
    }

    private static LocalDate Next(IsoDayOfWeek day, LocalDate after)
    {
        var next = after.PlusDays(1);
        while (next.DayOfWeek != day)
        {
            next = next.PlusDays(1);
        }

        return next;
    }

    [Fact]
    public async Task A_gap_next_Tuesday_night_is_texted_to_the_duty_manager_on_call_once_reminded_a_day_later_and_resolves_when_filled()
    {
        var manager = await DutyManagerOnCallAsync("Dee Manager");
        var cara = await Register.StaffAsync(Admin, "Cara Coordinator", "coordinator");
        var dan = await Register.StaffAsync(Admin, "Dan Coordinator", "coordinator");
        var coordinators = await Register.RotationAsync(Admin, "coordinator", [cara.Id]);
        var tuesday = Next(IsoDayOfWeek.Tuesday, Now.InZone(RotaResolution.London).Date);
        var from = RotaResolution.InLondon(tuesday.At(new LocalTime(20, 0)));
        var to = RotaResolution.InLondon(tuesday.PlusDays(1).At(new LocalTime(8, 0)));
        using var sick = await Admin.PostAsJsonAsync($"/rotations/{coordinators}/overrides", new
        {
            from = InstantPattern.ExtendedIso.Format(from), to = InstantPattern.ExtendedIso.Format(to), reason = "sickness", addedBy = "Duty manager D. Shaw",
        });
        sick.StatusCode.Should().Be(HttpStatusCode.Created);
        var gapStarts = LondonShow(from);

        // The daily check runs on escalation's durable timer, requested when rostering started.
        var firstTimer = await DailyCheckTimer(_ => true);
        firstTimer.DueAt.InZone(RotaResolution.London).TimeOfDay.Should().Be(new LocalTime(7, 0));
        if (firstTimer.DueAt > Now)
        {
            fixture.Clock.Advance(firstTimer.DueAt - Now);
        }

        await FireAsync(firstTimer);

        var text = await PageToDutyManagerAsync(gapStarts);
        text.Body.Should().Contain("nobody on call in").And.Contain("(coordinator)").And.Contain("sickness with no cover");
        var nextTimer = await DailyCheckTimer(t => t.TimerId != firstTimer.TimerId);
        nextTimer.DueAt.Should().Be(firstTimer.DueAt + Duration.FromDays(1), "tomorrow's check is asked for as today's runs");

        using var checkedNow = await Admin.PostAsync("/alerts/check", null);
        checkedNow.StatusCode.Should().Be(HttpStatusCode.OK);
        PagesAbout(gapStarts).Should().HaveCount(1, "a check the same day does not page the same gap again");
        var open = await fixture.Rostering.CreateClientAs(CersRoles.Coordinator).GetFromJsonAsync<JsonElement>("/alerts?open=true");
        var alert = open.EnumerateArray().Single(a => About(a, "rotationId", coordinators));
        alert.GetProperty("kind").GetString().Should().Be("rota-gap");
        alert.GetProperty("timesNotified").GetInt32().Should().Be(1);
        alert.GetProperty("lastNotifiedTo").EnumerateArray().Select(r => r.GetProperty("phone").GetString()).Should().Contain(manager.Phone);

        // The duty manager answers for it, so it stops paging. A redelivered timer changes nothing; tomorrow's, with the
        // gap still unfilled, pages the duty manager again.
        await AcknowledgeAsync(text);
        await FireAsync(firstTimer);
        fixture.Clock.Advance(nextTimer.DueAt - Now);
        await FireAsync(nextTimer);
        await Eventually.GetAsync(() => Task.FromResult(PagesAbout(gapStarts) is { Count: 2 } both ? both : null), what: "the reminder a day later");

        using var covered = await Admin.PostAsJsonAsync($"/rotations/{coordinators}/overrides", new
        {
            from = InstantPattern.ExtendedIso.Format(from), to = InstantPattern.ExtendedIso.Format(to), coveredBy = dan.Id, reason = "swap", addedBy = "Duty manager D. Shaw",
        });
        covered.StatusCode.Should().Be(HttpStatusCode.Created);
        using var afterCover = await Admin.PostAsync("/alerts/check", null);
        afterCover.StatusCode.Should().Be(HttpStatusCode.OK);
        var resolved = await Admin.GetFromJsonAsync<JsonElement>("/alerts?open=false");
        resolved.EnumerateArray().Single(a => About(a, "rotationId", coordinators)).GetProperty("resolvedWhy").GetString().Should().Be("the gap is filled");
        PagesAbout(gapStarts).Should().HaveCount(2);
    }

    [Fact]
    public async Task An_expiring_DBS_check_is_alerted_to_the_duty_manager_and_resolves_after_renewal()
    {
        await DutyManagerOnCallAsync("Mo Manager");
        var worker = await Register.StaffAsync(Admin, "Elif Expiring", "care-worker", 52.2, 0.12, ["personal-care"]);
        var today = Now.InZone(RotaResolution.London).Date;
        var expires = today.PlusDays(12);
        using var recorded = await Admin.PutAsJsonAsync($"/staff/{worker.Id}/dbs-check", new { expiresOn = LocalDatePattern.Iso.Format(expires) });
        recorded.StatusCode.Should().Be(HttpStatusCode.OK);

        using var check = await Admin.PostAsync("/alerts/check", null);

        check.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await PageToDutyManagerAsync("Elif Expiring's DBS check");
        text.Body.Should().Contain($"expires on {LondonShow(expires)}, in 12 days");
        var open = await Admin.GetFromJsonAsync<JsonElement>("/alerts?open=true");
        open.EnumerateArray().Should().ContainSingle(a => About(a, "staffId", worker.Id)
            && a.GetProperty("kind").GetString() == "dbs-check-expiry");

        var renewed = today.PlusYears(3);
        using var renewal = await Admin.PutAsJsonAsync($"/staff/{worker.Id}/dbs-check", new { expiresOn = LocalDatePattern.Iso.Format(renewed) });
        renewal.StatusCode.Should().Be(HttpStatusCode.OK);
        using var again = await Admin.PostAsync("/alerts/check", null);

        var result = await again.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("open").EnumerateArray().Should().NotContain(a => About(a, "staffId", worker.Id));
        var resolved = await Admin.GetFromJsonAsync<JsonElement>("/alerts?open=false");
        resolved.EnumerateArray().Single(a => About(a, "staffId", worker.Id))
            .GetProperty("resolvedWhy").GetString().Should().Be($"DBS check renewed: now expires {LondonShow(renewed)}");
        PagesAbout("Elif Expiring's DBS check").Should().HaveCount(1);
    }

    [Fact]
    public async Task An_offer_SMS_that_came_back_undelivered_pages_the_duty_manager_and_the_alert_resolves_when_a_later_one_is_delivered()
    {
        await DutyManagerOnCallAsync("Nia Manager");
        var cover = new CoverScenario(fixture);
        var worker = await cover.ShiftWorkerAsync("Una Unreached", 50.72, -3.53, Duration.FromHours(-1), Duration.FromHours(12));
        var first = await cover.ActivationAsync(50.72, -3.53, "EX1 Exeter");
        var offer = await cover.SmsTo(worker.Phone, m => m.Body.Contains("EX1 Exeter", StringComparison.Ordinal));
        var offered = await cover.Dispatch(first, d => d.Offers.Count > 0 && d.Offers[0].Sent);
        await ReceiptAsync(first, offered.Offers[0].OfferId, offer.Sid, "undelivered");
        (await cover.Dispatch(first, d => d.Offers[0].Status == OfferStatus.Expired)).Offers[0].ClosedWhy.Should().Be("sms-undelivered");

        using (await Admin.PostAsync("/alerts/check", null))
        {
            (await PageToDutyManagerAsync("Una Unreached")).Body.Should().Contain("may have no working phone").And.Contain("was undelivered");
        }

        fixture.Clock.Advance(Duration.FromMinutes(5));
        var second = await cover.ActivationAsync(50.73, -3.53, "EX2 Exeter");
        var later = await cover.SmsTo(worker.Phone, m => m.Body.Contains("EX2 Exeter", StringComparison.Ordinal));
        var offeredAgain = await cover.Dispatch(second, d => d.Offers.Count > 0 && d.Offers[0].Sent);
        foreach (var status in new[] { "sent", "delivered", "delivered" })
        {
            await ReceiptAsync(second, offeredAgain.Offers[0].OfferId, later.Sid, status);
        }

        (await cover.Dispatch(second, _ => true)).Offers[0].Status.Should().Be(OfferStatus.Open, "a receipt that is no failure decides nothing");
        using var recheck = await Admin.PostAsync("/alerts/check", null);
        var resolved = await Admin.GetFromJsonAsync<JsonElement>("/alerts?open=false");
        resolved.EnumerateArray().Single(a => About(a, "staffId", worker.Id))
            .GetProperty("resolvedWhy").GetString().Should().StartWith("an SMS was delivered");
    }

    private async Task ReceiptAsync(Guid activationId, Guid offerId, string sid, string status)
    {
        using var receipt = await new TwilioWebhook(fixture.Rostering.CreateClient()).PostAsync(
            $"/twilio/sms/status?activationId={activationId}&offerId={offerId}",
            new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = status, ["AccountSid"] = RosteringFixture.AccountSid });
        receipt.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Only_administrators_run_a_check_coordinators_read_alerts_and_a_bad_filter_is_refused()
    {
        using var refused = await fixture.Rostering.CreateClientAs(CersRoles.Coordinator).PostAsync("/alerts/check", null);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var read = await fixture.Rostering.CreateClientAs(CersRoles.Supervisor).GetAsync("/alerts");
        read.StatusCode.Should().Be(HttpStatusCode.OK);

        using var bad = await Admin.GetAsync("/alerts?open=maybe");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("open", out _).Should().BeTrue();
    }

    private static bool About(JsonElement alert, string property, Guid id) =>
        alert.GetProperty(property) is { ValueKind: JsonValueKind.String } value && value.GetGuid() == id;

    private static string LondonShow(Instant at) => ServiceDefaults.LondonTime.Show(at);

    private static string LondonShow(LocalDate date) => ServiceDefaults.LondonTime.Show(date);
}
