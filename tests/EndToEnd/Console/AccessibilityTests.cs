using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>
/// Every console page, as each person who uses it sees it, checked by axe-core against WCAG 2.1 A and AA: a coordinator
/// on a screen reader or a supervisor at 200% zoom must be able to do their work.
/// </summary>
[Collection(ConsoleSystemCollection.Name)]
public sealed partial class AccessibilityTests(ConsoleSystemFixture system)
{
    private static readonly AxeRunOptions WcagAandAA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Fact]
    public async Task Every_page_passes_the_WCAG_A_and_AA_checks_for_each_person_who_uses_it()
    {
        // Far from every other test's carers and workers, so its activation and worker take no part in theirs.
        var penzance = new Seed.Home("1 Chapel Street", "Penzance", "TR18 4AQ", 50.1180, -5.5370, "Tregear", "Morrab Surgery");
        var carer = await Seed.CarerWithCard(system.Whole.CardLookup.CreateClient(), penzance);
        var worker = await Seed.CareWorkerOnCallAsync(system.Whole.Rostering.CreateClient(), "Wenna Worker", penzance.Latitude, penzance.Longitude);
        var rotation = await RotationOfAsync(worker.Id);
        var activation = await OpenActivationAsync(carer.CardNumber);
        var planLink = await PlanLinkOnceAcceptedAsync(worker.Phone);
        var concern = await ConcernAsync(activation);
        var pages = new (ConsoleAccount? Who, string Path)[]
        {
            (null, "/sign-in"),
            (null, "/plan/not-a-real-link"),
            (null, $"/plan/{planLink}"),
            (ConsoleSignIn.Coordinator, $"/activations/{activation}/safeguarding-concerns/{concern}"),
            (ConsoleSignIn.Coordinator, "/"),
            (ConsoleSignIn.Coordinator, "/activations/new"),
            (ConsoleSignIn.Coordinator, $"/activations/{activation}"),
            (ConsoleSignIn.Coordinator, $"/activations/{activation}/door-details"),
            (ConsoleSignIn.Coordinator, "/rotas"),
            (ConsoleSignIn.Coordinator, "/travel-limits"),
            (ConsoleSignIn.Coordinator, "/account/password"),
            (ConsoleSignIn.Coordinator, "/reports"),
            (ConsoleSignIn.Supervisor, "/handovers"),
            (ConsoleSignIn.Supervisor, "/reports"),
            (ConsoleSignIn.Supervisor, $"/activations/{activation}/audit"),
            (ConsoleSignIn.Supervisor, $"/activations/{activation}/print"),
            (ConsoleSignIn.Coordinator, $"/activations/{activation}/handover-pack"),
            (ConsoleSignIn.Supervisor, "/alerts"),
            (ConsoleSignIn.Coordinator, "/staff"),
            (ConsoleSignIn.Coordinator, "/planned-cover"),
            (ConsoleSignIn.Coordinator, "/alerts"),
            (ConsoleSignIn.Coordinator, $"/register/carers/{carer.CarerId}"),
            (ConsoleSignIn.Administrator, "/register"),
            (ConsoleSignIn.Administrator, $"/register/carers/{carer.CarerId}"),
            (ConsoleSignIn.Administrator, $"/register/carers/{carer.CarerId}/plan"),
            (ConsoleSignIn.Administrator, $"/register/carers/{carer.CarerId}/data"),
            (ConsoleSignIn.Administrator, $"/register/cards/{carer.CardNumber}/print"),
            (ConsoleSignIn.Administrator, "/staff"),
            (ConsoleSignIn.Administrator, $"/staff/{worker.Id}"),
            (ConsoleSignIn.Administrator, "/rotas"),
            (ConsoleSignIn.Administrator, "/rotas/calendar"),
            (ConsoleSignIn.Administrator, "/rotas/new?role=care-worker"),
            (ConsoleSignIn.Administrator, $"/rotas/rotations/{rotation}"),
            (ConsoleSignIn.Administrator, "/planned-cover"),
            (ConsoleSignIn.Administrator, "/alerts"),
            (ConsoleSignIn.Administrator, "/readiness"),
            (ConsoleSignIn.Administrator, "/readiness?state=amber"),
        };

        var violations = new List<string>();
        foreach (var group in pages.GroupBy(p => p.Who))
        {
            var page = group.Key is { } who ? await system.SignedInAsync(who) : await system.Browser.NewPageAsync();
            foreach (var (_, path) in group)
            {
                await page.GotoAsync(system.Url(path));
                var result = await page.RunAxe(WcagAandAA);
                result.Passes.Should().NotBeEmpty($"axe checked {path}");
                violations.AddRange(result.Violations.Select(v =>
                    $"{path} as {group.Key?.Username ?? "nobody"}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"));
            }

            await page.CloseAsync();
        }

        await AnswerAlarmsAsync(activation);
        using var closed = await system.Whole.Intake.CreateClient().PostAsJsonAsync(
            $"/activations/{activation}/close", new { outcome = "NoCoverNeeded", closedBy = "Coordinator A. Test" });
        closed.IsSuccessStatusCode.Should().BeTrue(await closed.Content.ReadAsStringAsync());
        violations.Should().BeEmpty();
    }

    /// <summary>The worker's plan link, from the SMS that follows her YES to the offer rostering sent her.</summary>
    private async Task<string> PlanLinkOnceAcceptedAsync(string phone)
    {
        var offer = await SmsAsync(phone, "Reply YES");
        await system.Whole.TextRosteringAsync(phone, $"YES {OfferCode().Match(offer).Groups[1].Value}");
        return PlanToken().Match(await SmsAsync(phone, "/plan/")).Groups[1].Value;
    }

    private Task<string> SmsAsync(string phone, string containing) => system.Whole.LastSmsAsync(phone, containing);

    private async Task<Guid> ConcernAsync(Guid activation)
    {
        using var raised = await system.Whole.Intake.CreateClient().PostAsJsonAsync($"/activations/{activation}/safeguarding-concerns", new
        {
            raisedBy = new { name = "Wenna Worker", role = "care-worker" }, subject = "Adult", category = "SelfNeglect",
            account = "No food in the house.", immediateDanger = false,
        });
        raised.IsSuccessStatusCode.Should().BeTrue(await raised.Content.ReadAsStringAsync());
        return (await raised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("concernId").GetGuid();
    }

    /// <summary>The alarms this activation raised (the safeguarding lead's page) are answered, so no other test's board sounds for them.</summary>
    private async Task AnswerAlarmsAsync(Guid activation)
    {
        var rostering = system.Whole.Rostering.CreateClientAs(CersRoles.Coordinator);
        var open = await rostering.GetFromJsonAsync<JsonElement>($"/alarms?open=true&activationId={activation}");
        foreach (var alarm in open.EnumerateArray())
        {
            using var _ = await rostering.PostAsJsonAsync($"/alarms/{alarm.GetProperty("id").GetGuid()}/acknowledgement", new { acknowledgedBy = "Test tidy-up" });
        }
    }

    [GeneratedRegex(@"YES ([A-Z0-9]{3,8})")]
    private static partial Regex OfferCode();

    [GeneratedRegex(@"/plan/([A-Za-z0-9_\-]+)")]
    private static partial Regex PlanToken();

    private async Task<Guid> RotationOfAsync(Guid workerId)
    {
        var rotations = await system.Whole.Rostering.CreateClient().GetFromJsonAsync<JsonElement>("/rotations");
        return rotations.EnumerateArray()
            .First(r => r.GetProperty("participants").EnumerateArray().Any(p => p.ToString().Contains(workerId.ToString(), StringComparison.OrdinalIgnoreCase)))
            .GetProperty("id").GetGuid();
    }

    private async Task<Guid> OpenActivationAsync(string cardNumber)
    {
        using var response = await system.Whole.Intake.CreateClient().PostAsJsonAsync("/activations", new
        {
            cardNumber, reason = "Accident",
            reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic A. Shaw", callBackNumber = "+447700900323" },
        });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("activationId").GetGuid();
        await Eventually.GetAsync(async () =>
        {
            using var timeline = await system.Whole.Intake.CreateClient().GetAsync($"/activations/{id}/timeline");
            return timeline.IsSuccessStatusCode ? "stored" : null;
        }, what: "the activation stored");
        return id;
    }
}
