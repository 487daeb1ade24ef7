using System.Text.RegularExpressions;
using Cers.Dispatch.Testing;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>The handover pack at the limit, from the same journey as the supervisor's: a worker's texted handover, signed off.</summary>
public sealed partial class SupervisorConsoleTests
{
    private const string PackNotes = "HANDOVER Gave paracetamol 500 mg at 14:00. Tom is settled and ate lunch.";

    [Fact]
    public async Task The_handover_pack_is_due_once_longer_term_care_is_arranged_prints_its_sections_downloads_as_a_PDF_and_its_sending_is_on_the_timeline()
    {
        var (activation, _) = await CoverWithHandoverAsync("Petra Pack", PackNotes);
        var handover = await AwaitingHandoverAsync(activation);
        var supervisor = await system.SignedInAtAsync(ConsoleSignIn.Supervisor, "/handovers");
        var card = supervisor.Locator($"article.handover[data-handover='{handover}']");
        await card.GetByLabel("Comment (optional)").FillAsync("Dose checked against the plan.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Sign off" }).ClickAsync();
        await supervisor.ArrivedAtAsync(new Regex(@"/handovers\?done=signed-off&handover="));
        await Eventually.GetAsync(async () => (await IntakeTimelineAsync(activation)).Any(s => s.Summary.Contains("Dose checked against the plan.", StringComparison.Ordinal)) ? "signed off" : null,
            within: TimeSpan.FromSeconds(60), what: "the sign-off on the timeline");
        await supervisor.CloseAsync();

        var page = await system.SignedInAtAsync(ConsoleSignIn.Coordinator, $"/activations/{activation}");
        var decisions = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Record arrangement" }) });
        await decisions.GetByLabel("By").SelectOptionAsync("CarePackage");
        await decisions.GetByLabel("Details").FillAsync("Care agency visits four times a day from Monday");
        await decisions.GetByRole(AriaRole.Button, new() { Name = "Record arrangement" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"\?done=longer-term-care$"));
        (await page.Locator("#handover-pack").InnerTextAsync()).Should().Contain("A handover pack is due");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the handover pack" }).ClickAsync();
        await page.Locator("header.print-header ~ main p.end").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        (await page.Locator("main section h2").AllInnerTextsAsync()).Should().Equal(
            "What happened", "Who covered when", "Handovers", "Medication given, as recorded", "Outstanding concerns and safeguarding referrals",
            "Longer-term care", "The emergency plan as it stood", "Sent");
        (await page.Locator("#handovers").InnerTextAsync()).Should().Contain("Gave paracetamol 500 mg at 14:00. Tom is settled and ate lunch.")
            .And.Contain($"Signed off by {ConsoleSignIn.Supervisor.DisplayName}: Dose checked against the plan.");
        (await page.Locator("#cover").InnerTextAsync()).Should().Contain("Petra Pack");
        (await page.Locator("#plan").InnerTextAsync()).Should().Contain("the plan in force when the activation opened");
        (await page.Locator("#longer-term-care").InnerTextAsync()).Should().Contain("Care package: Care agency visits four times a day from Monday");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        download.SuggestedFilename.Should().Be($"handover-pack-{activation}.pdf");
        using (var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync())))
        {
            string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).Should().Contain("Gave paracetamol 500 mg at 14:00.");
        }

        await page.Locator("form.send-pack select[name=to]").SelectOptionAsync("AdultSocialCare");
        await page.GetByLabel("Name of the person it went to").FillAsync("Jo Bell, Peterborough adult social care");
        await page.Locator("form.send-pack select[name=how]").SelectOptionAsync("SecureEmail");
        await SystemFixture.KeepScreenshotAsync(page, "handover-pack");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send handover pack" }).ClickAsync();
        await page.ArrivedAtAsync(new Regex(@"/handover-pack\?done=sent$"));

        (await page.Locator(".notice").InnerTextAsync()).Should().Be("Sending recorded on the activation's timeline.");
        (await page.Locator("#sent").InnerTextAsync()).Should().Contain(
            $"Handover pack sent to adult social care (Jo Bell, Peterborough adult social care) by secure email by {ConsoleSignIn.Coordinator.DisplayName}");
        (await IntakeTimelineAsync(activation)).Should().Contain(s => s.Summary.StartsWith("Handover pack sent to adult social care", StringComparison.Ordinal));
        await page.CloseAsync();

        var administrator = await system.SignedInAsync(ConsoleSignIn.Administrator);
        var refused = await administrator.GotoAsync(system.Url($"/activations/{activation}/handover-pack"));
        refused!.Status.Should().Be(403, "only coordinators and supervisors read an activation's sealed details");
        await administrator.CloseAsync();
    }
}
