using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;
using NodaTime;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// Planned cover booked, moved and cancelled at the console by the office and by coordinators, and the alerts page:
/// rostering's alerts to the duty manager, "Check now" for administrators, card-guessing alerts for supervisors only.
/// The bookings are for June 2027, in British Summer Time, so a UK wall time and the instant stored differ by an hour.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed partial class PlannedCoverAndAlertsConsoleTests(ConsoleSystemFixture system)
{
    [Fact]
    public async Task An_administrator_books_cover_for_a_hospital_appointment_by_card_number_sees_it_in_UK_time_moves_it_and_cancels_it_with_a_reason()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var place = $"Addenbrooke's, clinic {Random.Shared.Next(100, 999)}";
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, "/planned-cover");

        await FillBookingAsync(page, Spaced(card), "Hospital", place, "2027-06-15T10:00", "2027-06-15T14:00", "carer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book planned cover", Exact = true }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/planned-cover\?done=booked$"));

        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Planned cover booked.");
        var row = page.Locator("#planned-cover tbody tr", new() { HasText = place });
        (await row.InnerTextAsync()).Should().Contain($"Hospital: {place}").And.Contain(Spaced(card))
            .And.Contain("Tue 15 Jun 2027 10:00 BST").And.Contain("Tue 15 Jun 2027 14:00 BST")
            .And.Contain("Ada Admin, at the carer's request").And.Contain("booked");
            await SystemFixture.KeepScreenshotAsync(page, "planned-cover");
        var booking = Guid.Parse((await row.GetAttributeAsync("data-booking"))!);
        var stored = await Booking(booking);
        stored.GetProperty("startsAt").GetString().Should().Be("2027-06-15T09:00:00Z", "10:00 in June is British Summer Time");
        stored.GetProperty("bookedBy").GetProperty("role").GetString().Should().Be("carer");
        var held = await Eventually.GetAsync(async () =>
        {
            await page.ReloadAsync();
            var words = (await row.Locator("td.held").InnerTextAsync()).Trim();
            return words.StartsWith("Not yet", StringComparison.Ordinal) ? null : words;
        }, within: TimeSpan.FromSeconds(30), what: "rostering to say who it holds for the booking");
        held.Should().MatchRegex(@"^(.+ is held for it\.|Nobody is held: .+\. Find someone before it starts\.)$");

        await row.GetByText("Move or cancel").ClickAsync();
        await row.GetByLabel("New start (UK time)").FillAsync("2027-06-16T09:30");
        await row.GetByLabel("New end (UK time)").FillAsync("2027-06-16T12:00");
        await row.GetByRole(AriaRole.Button, new() { Name = "Move booking" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/planned-cover\?done=moved$"));

        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Booking moved.");
        (await row.InnerTextAsync()).Should().Contain("Wed 16 Jun 2027 09:30 BST").And.Contain("Wed 16 Jun 2027 12:00 BST").And.NotContain("15 Jun");
        (await Booking(booking)).GetProperty("endsAt").GetString().Should().Be("2027-06-16T11:00:00Z");

        await row.GetByText("Move or cancel").ClickAsync();
        await row.GetByLabel("Why it is cancelled").FillAsync("The hospital postponed the appointment.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Cancel booking" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/planned-cover\?done=cancelled$"));

        (await page.Locator(".notice").InnerTextAsync()).Should().StartWith("Booking cancelled.");
        (await row.Locator("td.status").InnerTextAsync()).Trim().Should().Be("cancelled");
        (await row.GetByText("Move or cancel").CountAsync()).Should().Be(0, "a cancelled booking can no longer be changed");
        (await Booking(booking)).GetProperty("status").GetString().Should().Be("Cancelled");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_booking_that_ends_before_it_starts_is_refused_in_plain_words_and_keeps_what_was_typed()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var place = $"Addenbrooke's, clinic {Random.Shared.Next(100, 999)}";
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, "/planned-cover");

        await FillBookingAsync(page, Spaced(card), "Hospital", place, "2027-06-15T14:00", "2027-06-15T10:00", "coordinator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book planned cover", Exact = true }).ClickAsync();
        await page.Locator(".problem").WaitForAsync();

        (await page.Locator(".problem").InnerTextAsync()).Should().Be("The booking was not made: The end must be after the start.");
        (await page.Locator("input[name=cardNumber]").InputValueAsync()).Should().Be(Spaced(card));
        (await page.Locator("select[name=kind]").InputValueAsync()).Should().Be("Hospital");
        (await page.Locator("input[name=place]").InputValueAsync()).Should().Be(place);
        (await page.Locator("input[name=startsAt]").InputValueAsync()).Should().Be("2027-06-15T14:00");
        (await page.Locator("input[name=endsAt]").InputValueAsync()).Should().Be("2027-06-15T10:00");
        (await page.Locator("select[name=askedBy]").InputValueAsync()).Should().Be("coordinator");
        (await page.Locator("#planned-cover tbody tr", new() { HasText = place }).CountAsync()).Should().Be(0, "nothing was booked");

        await page.Locator("input[name=endsAt]").FillAsync("2027-06-17T15:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book planned cover", Exact = true }).ClickAsync();
        await page.Locator(".problem", new() { HasText = "48 hours" }).WaitForAsync();

        (await page.Locator(".problem").InnerTextAsync()).Should().Be("The booking was not made: Planned cover lasts at most 48 hours: choose an earlier end.");
        (await page.Locator("input[name=endsAt]").InputValueAsync()).Should().Be("2027-06-17T15:00");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_books_planned_cover_for_a_GP_appointment_in_their_own_name()
    {
        var (_, card, _) = await Seed.CarerWithCardInCambridge(system.Whole.CardLookup.CreateClient());
        var place = $"Mill Road Surgery, room {Random.Shared.Next(100, 999)}";
        var page = await system.SignedInAtAsync(ConsoleSignIn.Coordinator, "/planned-cover");

        await FillBookingAsync(page, card, "GP", place, "2027-06-18T08:45", "2027-06-18T10:15", "coordinator");
        await page.GetByRole(AriaRole.Button, new() { Name = "Book planned cover", Exact = true }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/planned-cover\?done=booked$"));

        var row = page.Locator("#planned-cover tbody tr", new() { HasText = place });
        (await row.InnerTextAsync()).Should().Contain($"GP: {place}").And.Contain("Fri 18 Jun 2027 08:45 BST").And.Contain("Cora Ordinator, coordinator");
        var booking = Guid.Parse((await row.GetAttributeAsync("data-booking"))!);
        (await Booking(booking)).GetProperty("bookedBy").GetProperty("name").GetString().Should().Be(ConsoleSignIn.Coordinator.DisplayName);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Check_now_raises_an_alert_for_a_DBS_check_running_out_in_plain_words_and_it_resolves_by_itself_once_renewed()
    {
        var rostering = system.Whole.Rostering.CreateClient();
        var name = $"Dilys Dbs{Guid.NewGuid().ToString("N")[..5]}";
        var today = system.Whole.Clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        var expires = today.PlusDays(12);
        var worker = await CareWorkerFarAwayAsync(rostering, name, expires);
        var page = await system.SignedInAtAsync(ConsoleSignIn.Administrator, "/alerts");
        (await page.Locator("#how-alerts-resolve").InnerTextAsync()).Should().Contain("resolves by itself at the next check once its cause is fixed");

        await page.GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/alerts\?done=checked"));

        (await page.Locator(".notice").InnerTextAsync()).Should().MatchRegex(@"^Checked now: \d+ new alerts? raised, \d+ resolved\.");
        var row = page.Locator("#alerts tbody tr", new() { HasText = name });
        var words = await row.InnerTextAsync();
        words.Should().Contain("DBS check").And.Contain($"{name}'s DBS check expires").And.Contain("(new in this check)").And.Contain("open");
        words.Should().NotContain("dbs-check-expiry");
        await SystemFixture.KeepScreenshotAsync(page, "alerts");

        using var renewed = await rostering.PutAsJsonAsync($"/staff/{worker}/dbs-check", new { expiresOn = "2029-11-30" });
        renewed.EnsureSuccessStatusCode();
        await page.GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/alerts\?done=checked.*resolvedNow=[1-9]"));
        (await page.Locator("#alerts tbody tr", new() { HasText = name }).CountAsync()).Should().Be(0, "only open alerts are shown at first");
        await page.GetByRole(AriaRole.Link, new() { Name = "Show resolved alerts too" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/alerts\?resolved=shown$"));
        (await page.Locator("#alerts tbody tr", new() { HasText = name }).InnerTextAsync()).Should().Contain("resolved").And.Contain("DBS check renewed: now expires");

        var coordinator = await system.SignedInAtAsync(ConsoleSignIn.Coordinator, "/alerts?resolved=shown");
        (await coordinator.Locator("#alerts tbody tr", new() { HasText = name }).CountAsync()).Should().Be(1, "coordinators read the alerts too");
        (await coordinator.GetByRole(AriaRole.Button, new() { Name = "Check now" }).CountAsync()).Should().Be(0, "only administrators run the check");
        await AnswerAlarmsAsync("rota-problems");
        await coordinator.CloseAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_supervisor_sees_card_guessing_alerts_and_a_coordinator_sees_no_such_section()
    {
        var caller = $"+4477009{Random.Shared.Next(10000, 99999)}";
        var cards = system.Whole.CardLookup.CreateClient();
        foreach (var guess in new[] { "4921 7730 5519", "1000 0000 0001", "4921 7730 5512", "1234 5678 9012", "4921 7730 0000" })
        {
            using var _ = await cards.GetAsync($"/lookup/card/{Uri.EscapeDataString(guess)}?channel=phone&requestedBy={Uri.EscapeDataString(caller)}");
        }

        var supervisor = await system.SignedInAtAsync(ConsoleSignIn.Supervisor, "/alerts");
        var guessing = supervisor.Locator("#card-guessing-alerts tbody tr", new() { HasText = caller });
        await Eventually.GetAsync(async () =>
        {
            await supervisor.ReloadAsync();
            return await guessing.CountAsync() > 0 ? "shown" : null;
        }, within: TimeSpan.FromSeconds(30), what: "the card-guessing alert on the supervisor's alerts page");
        (await guessing.InnerTextAsync()).Should().Contain($"a phone call from {caller}").And.Contain("5 card numbers that are not issued").And.Contain("GMT");
        (await supervisor.GetByRole(AriaRole.Heading, new() { Name = "Card guessing suspected" }).CountAsync()).Should().Be(1);

        var coordinator = await system.SignedInAtAsync(ConsoleSignIn.Coordinator, "/alerts");
        (await coordinator.GetByRole(AriaRole.Heading, new() { Name = "Open alerts to the duty manager" }).CountAsync()).Should().Be(1);
        (await coordinator.Locator("#card-guessing").CountAsync()).Should().Be(0, "card-guessing alerts are for supervisors");
        (await coordinator.ContentAsync()).Should().NotContain(caller);
        await AnswerAlarmsAsync("card-guessing", caller);
        await coordinator.CloseAsync();
        await supervisor.CloseAsync();
    }


    private static async Task FillBookingAsync(IPage page, string card, string kind, string place, string startsAt, string endsAt, string askedBy)
    {
        await page.GetByLabel("Carer's card number").FillAsync(card);
        await page.Locator("select[name=kind]").SelectOptionAsync(kind);
        await page.GetByLabel("Where (the surgery, hospital and department)").FillAsync(place);
        await page.GetByLabel("Cover starts (UK time)").FillAsync(startsAt);
        await page.GetByLabel("Cover ends (UK time)").FillAsync(endsAt);
        await page.Locator("select[name=askedBy]").SelectOptionAsync(askedBy);
    }

    /// <summary>The card number as a person reads it off the card, in groups of four.</summary>
    private static string Spaced(string card) => string.Join(' ', card.Chunk(4).Select(group => new string(group)));

    private async Task<JsonElement> Booking(Guid id) =>
        await system.Whole.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/planned-cover/{id}");

    /// <summary>A care worker on no rota and far from every carer here, so no other test's activation is offered to them.</summary>
    private static async Task<Guid> CareWorkerFarAwayAsync(HttpClient rostering, string name, LocalDate dbsExpires) =>
        (await Seed.StaffWithANumberOfTheirOwnAsync(
            rostering,
            () => $"+447700900{Random.Shared.Next(0, 400):000}",
            phone => new
            {
                name, phone, role = "care-worker", skills = new[] { "personal-care" },
                training = Array.Empty<object>(), dbsCheckExpiresOn = dbsExpires.ToString("yyyy-MM-dd", null), languages = new[] { "en" },
                homeBase = new { latitude = 57.4778, longitude = -4.2247 }, active = true, registeredBy = "Duty manager D. Shaw",
            })).Id;

    /// <summary>
    /// The alarms a test's alerts paged (of that kind, naming those words when the alarm does) are answered, so the board
    /// does not sound for them in the tests after. Tidying only: an alarm still on its way is not waited for long.
    /// </summary>
    private async Task AnswerAlarmsAsync(string kind, string? naming = null)
    {
        var rostering = system.Whole.Rostering.CreateClientAs(CersRoles.Coordinator);
        for (var tries = 0; tries < 20; tries++)
        {
            var open = (await rostering.GetFromJsonAsync<JsonElement>("/alarms?open=true")).EnumerateArray()
                .Where(a => a.GetProperty("kind").GetString() == kind
                    && (naming is null || a.GetProperty("summary").GetString()?.Contains(naming, StringComparison.Ordinal) == true))
                .ToList();
            foreach (var alarm in open)
            {
                using var _ = await rostering.PostAsJsonAsync($"/alarms/{alarm.GetProperty("id").GetGuid()}/acknowledgement", new { acknowledgedBy = "Test tidy-up" });
            }

            if (open.Count > 0)
            {
                return;
            }

            await Task.Delay(500);
        }
    }
}
