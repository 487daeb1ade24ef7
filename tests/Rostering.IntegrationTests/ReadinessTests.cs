using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using MassTransit;
using NodaTime;
using NodaTime.Text;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// "Can this card be served now?" through the real rostering, fed by card lookup's messages over RabbitMQ: a rota change
/// that leaves a card's night uncovered turns it red, pages the duty manager on call (once, until answered), and mending
/// the rota turns it green; a review date running out turns a card red with nothing else happening.
/// </summary>
public sealed class ReadinessTests
{
    // Leeds: the carer at 53.8, -1.55; the workers based a few kilometres away.
    private const double Lat = 53.8;
    private const double Lon = -1.55;

    [Fact]
    public Task A_night_left_uncovered_turns_the_card_red_pages_the_duty_manager_and_mending_the_rota_turns_it_green() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var (manager, careWorkers) = await DutyManagerAndAnnAllWeekAsync(admin);
            var (carer, card) = (Guid.NewGuid(), "4000123412345678");
            await CardReadyInLeedsAsync(fixture, carer, card, reviewDate: new LocalDate(2027, 6, 1));

            (await StateAsync(admin, carer, "green")).GetProperty("problems").GetArrayLength().Should().Be(0);

            // Ann is off sick next Tuesday from 02:00 to 06:00 and nobody covers.
            var tuesday = Next(IsoDayOfWeek.Tuesday, fixture.Clock.GetCurrentInstant().InZone(RotaResolution.London).Date);
            var from = RotaResolution.InLondon(tuesday.At(new LocalTime(2, 0)));
            using var sick = await admin.PostAsJsonAsync($"/rotations/{careWorkers}/overrides", new
            {
                from = InstantPattern.ExtendedIso.Format(from), to = InstantPattern.ExtendedIso.Format(from + Duration.FromHours(4)),
                reason = "sickness", addedBy = "Duty manager D. Shaw",
            });
            sick.StatusCode.Should().Be(HttpStatusCode.Created, await sick.Content.ReadAsStringAsync());
            fixture.Clock.Advance(Duration.FromSeconds(20));

            var red = await StateAsync(admin, carer, "red");
            var problem = red.GetProperty("problems").EnumerateArray().Should().ContainSingle().Subject;
            problem.GetProperty("kind").GetString().Should().Be("no-qualified-worker");
            problem.GetProperty("what").GetString().Should().Contain($"is on the rota from {ServiceDefaults.LondonTime.Show(from)}");
            problem.GetProperty("fix").GetString().Should().NotBeNullOrEmpty();
            var list = await admin.GetFromJsonAsync<JsonElement>("/readiness?state=red");
            list.GetProperty("red").GetInt32().Should().Be(1);
            list.GetProperty("cards").EnumerateArray().Single().GetProperty("cardNumber").GetString().Should().Be(card);

            var page = await Eventually.GetAsync(
                () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.Body.StartsWith("CERS ALARM", StringComparison.Ordinal) && m.Body.Contains(card, StringComparison.Ordinal))),
                what: "the duty manager paged about the card");
            page.To.Should().Be(manager.Phone);
            page.Body.Should().Contain("cannot be served now").And.Contain("LS6 Leeds");
            var code = System.Text.RegularExpressions.Regex.Match(page.Body, @"Reply ACK ([A-Z0-9]{4})").Groups[1].Value;
            (await new TwilioWebhook(fixture.Rostering.CreateClient()).TextAsync(page.To, "ACK")).Should().Contain($"alarm {code} is yours", "her only open alarm needs no code");

            (await StateAsync(admin, carer, "red")).GetProperty("paged").GetBoolean().Should().BeTrue();

            // A reassessment with nothing new pages nobody again.
            (await admin.PostAsync("/readiness/reassess", null)).StatusCode.Should().Be(HttpStatusCode.OK);
            fixture.Clock.Advance(Duration.FromMinutes(2));
            await Task.Delay(1000);
            fixture.Twilio.Messages.Count(m => m.Body.StartsWith("CERS ALARM", StringComparison.Ordinal) && m.Body.Contains(card, StringComparison.Ordinal))
                .Should().Be(1, "the duty manager answered for it and nothing new went wrong");

            // Bob, qualified and nearby, joins the night rota: the card can be served again.
            var bob = await Register.StaffAsync(admin, "Bob Carer", "care-worker", Lat - 0.03, Lon, ["personal-care"]);
            await Register.RotationAsync(admin, "care-worker", [bob.Id], kind: "shift");
            fixture.Clock.Advance(Duration.FromSeconds(20));
            await StateAsync(admin, carer, "green");
            (await admin.GetFromJsonAsync<JsonElement>("/readiness?state=red")).GetProperty("red").GetInt32().Should().Be(0);
        });

    [Fact]
    public Task A_review_date_running_out_turns_the_card_red_on_the_day_after_with_nothing_else_happening() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var (manager, _) = await DutyManagerAndAnnAllWeekAsync(admin);
            var today = fixture.Clock.GetCurrentInstant().InZone(RotaResolution.London).Date;
            var carer = Guid.NewGuid();
            await CardReadyInLeedsAsync(fixture, carer, "4000555566667777", reviewDate: today.PlusDays(1));

            var amber = await StateAsync(admin, carer, "amber");
            amber.GetProperty("problems").EnumerateArray().Single().GetProperty("kind").GetString().Should().Be("review-overdue");
            (await admin.GetFromJsonAsync<JsonElement>("/readiness?state=amber")).GetProperty("cards").GetArrayLength().Should().Be(1);

            fixture.Clock.Advance(Duration.FromDays(2));
            var red = await StateAsync(admin, carer, "red");
            red.GetProperty("problems").EnumerateArray().Single().GetProperty("what").GetString()
                .Should().Be($"The plan was due for review on {ServiceDefaults.LondonTime.Show(today.PlusDays(1))}.");
            await Eventually.GetAsync(
                () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == manager.Phone && m.Body.Contains("4000555566667777", StringComparison.Ordinal))),
                what: "the duty manager paged when the review date ran out");
        });

    [Fact]
    public Task A_new_plan_for_a_two_person_transfer_turns_a_card_red_while_only_one_worker_is_on_the_rota_and_pages_at_once() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var (manager, _) = await DutyManagerAndAnnAllWeekAsync(admin);
            var carer = Guid.NewGuid();
            await CardReadyInLeedsAsync(fixture, carer, "4000777788889999", reviewDate: new LocalDate(2027, 6, 1));
            await StateAsync(admin, carer, "green");

            var now = fixture.Clock.GetCurrentInstant();
            await PublishAsync(fixture, new Published.EmergencyPlanChanged(carer, 2, ["personal-care"], "england-and-wales", "LS6 Leeds", Lat, Lon, now,
                new LocalDate(2027, 6, 1), KeyAccessOnFile: true, EmergencyContacts: 2, ContactsConfirmedAt: now, WorkersNeeded: 2));

            var red = await StateAsync(admin, carer, "red");
            red.GetProperty("problems").EnumerateArray().Single().GetProperty("what").GetString()
                .Should().Be("Fewer than two active care workers are based within reach of LS6 Leeds, and the plan needs two at once.", "Ann is the only one");
            await Eventually.GetAsync(
                () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == manager.Phone && m.Body.Contains("4000777788889999", StringComparison.Ordinal))),
                what: "the duty manager paged: the card was ready before the plan changed");
        });

    [Fact]
    public Task A_carer_erased_is_never_listed_again_even_when_a_card_issued_before_the_erasure_arrives_after_it() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var carer = Guid.NewGuid();
            var now = fixture.Clock.GetCurrentInstant();
            await CardReadyInLeedsAsync(fixture, carer, "4000111122223333", reviewDate: new LocalDate(2027, 6, 1));
            await StateAsync(admin, carer, "red");

            await PublishAsync(fixture, new Published.CarerErased(carer, "request", now));
            await StateAsync(admin, carer, "no-working-card");
            await PublishAsync(fixture, new Published.CardIssued("4000999900001111", carer, now - Duration.FromMinutes(1)));
            await PublishAsync(fixture, new Published.PlanConsentRecorded(carer, true, now));

            await Task.Delay(1000);
            var after = await admin.GetFromJsonAsync<JsonElement>($"/readiness/{carer}");
            after.GetProperty("state").GetString().Should().Be("no-working-card");
            after.GetProperty("cardNumber").ValueKind.Should().Be(JsonValueKind.Null);
            (await admin.GetFromJsonAsync<JsonElement>("/readiness?state=red")).GetProperty("cards").EnumerateArray()
                .Should().NotContain(c => c.GetProperty("carerId").GetGuid() == carer);
        });

    [Fact]
    public Task A_state_that_is_not_red_or_amber_is_refused_with_what_was_wrong() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            using var response = await admin.GetAsync("/readiness?state=blue");
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadAsStringAsync()).Should().Contain("state must be red or amber");
            (await admin.GetAsync($"/readiness/{Guid.NewGuid()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        });

    /// <summary>Dee, the duty manager on call, and Ann, a care worker based near the carer, on a rotation of her own: on all week.</summary>
    private static async Task<((Guid Id, string Phone) Manager, Guid CareWorkers)> DutyManagerAndAnnAllWeekAsync(HttpClient admin)
    {
        var manager = await Register.StaffAsync(admin, "Dee Manager", "duty-manager");
        await Register.RotationAsync(admin, "duty-manager", [manager.Id]);
        var ann = await Register.StaffAsync(admin, "Ann Carer", "care-worker", Lat + 0.02, Lon, ["personal-care"]);
        return (manager, await Register.RotationAsync(admin, "care-worker", [ann.Id], kind: "shift"));
    }

    /// <summary>What card lookup tells rostering of a carer in Leeds with a working card, a plan with everything confirmed, and consent.</summary>
    private static async Task CardReadyInLeedsAsync(RosteringFixture fixture, Guid carer, string card, LocalDate reviewDate)
    {
        var now = fixture.Clock.GetCurrentInstant();
        await PublishAsync(fixture, new Published.CardIssued(card, carer, now));
        await PublishAsync(fixture, new Published.EmergencyPlanChanged(carer, 1, ["personal-care"], "england-and-wales", "LS6 Leeds", Lat, Lon, now,
            reviewDate, KeyAccessOnFile: true, EmergencyContacts: 2, ContactsConfirmedAt: now));
        await PublishAsync(fixture, new Published.PlanConsentRecorded(carer, true, now));
    }

    private static Task PublishAsync<T>(RosteringFixture fixture, T message) where T : class =>
        fixture.Bus.Publish(message, c => c.MessageId = Guid.NewGuid());

    private static async Task<JsonElement> StateAsync(HttpClient admin, Guid carer, string state) =>
        (await Eventually.GetAsync(async () =>
        {
            using var response = await admin.GetAsync($"/readiness/{carer}");
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return body.GetProperty("state").GetString() == state ? new[] { body } : null;
        }, what: $"the card {state}"))[0];

    private static LocalDate Next(IsoDayOfWeek day, LocalDate after)
    {
        var next = after.PlusDays(1);
        while (next.DayOfWeek != day)
        {
            next = next.PlusDays(1);
        }

        return next;
    }
}
