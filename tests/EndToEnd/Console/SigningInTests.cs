using Cers.Dispatch.Console.SigningIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cers.Dispatch.EndToEnd.Console;

/// <summary>Who may use the console: signing in and out, locked accounts, and pages kept to the roles they are for.</summary>
[Collection(SystemCollection.Name)]
public sealed class SigningInTests(SystemFixture system)
{
    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_and_then_to_the_page_they_asked_for()
    {
        var page = await system.Browser.NewPageAsync();

        await page.GotoAsync(Url("/activations/new"));

        new Uri(page.Url).AbsolutePath.Should().Be("/sign-in");
        (await page.Locator("header nav a").CountAsync()).Should().Be(0, "nothing of the console shows before signing in");
        await SystemFixture.KeepScreenshotAsync(page, "sign-in");
        await page.GetByLabel("Username").FillAsync(ConsoleSignIn.Coordinator.Username);
        await page.GetByLabel("Password").FillAsync(ConsoleSignIn.Coordinator.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.ArrivedAtAsync(Url("/activations/new"));
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Open an activation");
        (await page.Locator("header .who").InnerTextAsync()).Should().Contain("Cora Ordinator");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_session_cookie_cannot_be_read_by_scripts_nor_sent_from_another_site()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);

        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "cers-console");

        session.HttpOnly.Should().BeTrue();
        session.SameSite.Should().Be(SameSiteAttribute.Strict);
        session.Expires.Should().Be(-1, "a browser-session cookie; the ticket inside expires after 12 quiet hours");
        (await page.EvaluateAsync<string>("() => document.cookie")).Should().NotContain("cers-console");
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_unknown_username_gets_the_same_answer_as_a_wrong_password()
    {
        var page = await system.Browser.NewPageAsync();

        await TrySignIn(page, "nobody.here", "whatever it is");
        var unknown = await page.Locator(".problem").InnerTextAsync();
        await TrySignIn(page, ConsoleSignIn.Supervisor.Username, "whatever it is");

        (await page.Locator(".problem").InnerTextAsync()).Should().Be(unknown);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_a_copy_of_its_cookie_reads_nothing_afterwards()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        var cookies = await page.Context.CookiesAsync();
        await using var copy = await system.Browser.NewContextAsync();
        await copy.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        (await copy.APIRequest.GetAsync(Url("/api/board"), new() { MaxRedirects = 0 })).Status.Should().Be(200, "the copied cookie works while the session lasts");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArrivedAtAsync(Url("/sign-in"));
        await page.GotoAsync(Url("/"));

        new Uri(page.Url).AbsolutePath.Should().Be("/sign-in");
        (await copy.APIRequest.GetAsync(Url("/api/board"), new() { MaxRedirects = 0 })).Status.Should().BeOneOf([302, 401], "signing out ended the session on the server, not just in this browser");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_form_posted_without_the_pages_antiforgery_token_is_refused_and_changes_nothing()
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);

        var response = await page.APIRequest.PostAsync(Url("/activations/new"), new()
        {
            Form = page.APIRequest.CreateFormData().Append("cardNumber", "4921 7730 5518").Append("reason", "Illness")
                .Append("agency", "Forged").Append("name", "Another site"),
            MaxRedirects = 0,
        });

        response.Status.Should().Be(400);
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/handovers", "supervisor")]
    [InlineData("/reports", "supervisor or administrator")]
    [InlineData("/activations/0b0c1e4e-0000-4000-8000-000000000001/print", "supervisor")]
    public async Task A_coordinator_is_shown_access_denied_on_supervisor_pages(string path, string needed)
    {
        var page = await system.SignedInAsync(ConsoleSignIn.Coordinator);

        var response = await page.GotoAsync(Url(path));

        response!.Status.Should().Be(403);
        (await page.Locator("h1").InnerTextAsync()).Should().Be("Access denied");
        (await page.Locator(".needed-role").InnerTextAsync()).Should().Be(needed);
        new Uri(page.Url).AbsolutePath.Should().Be(path, "the address still shows what was refused");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_live_boards_updates_are_only_for_those_coordinating()
    {
        var stranger = await system.Browser.NewPageAsync();
        var administrator = await system.SignedInAsync(ConsoleSignIn.Administrator);
        var coordinator = await system.SignedInAsync(ConsoleSignIn.Coordinator);

        var statuses = new List<int>();
        foreach (var page in new[] { stranger, administrator, coordinator })
        {
            statuses.Add((await page.APIRequest.PostAsync(Url("/hubs/board/negotiate?negotiateVersion=1"))).Status);
        }

        statuses.Should().Equal(401, 403, 200);
        foreach (var page in new[] { stranger, administrator, coordinator })
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task The_header_offers_each_person_only_the_pages_their_roles_allow()
    {
        var coordinator = await system.SignedInAsync(ConsoleSignIn.Coordinator);
        var administrator = await system.SignedInAsync(ConsoleSignIn.Administrator);

        var coordinatorLinks = await coordinator.Locator("header nav a").AllInnerTextsAsync();
        var administratorLinks = await administrator.Locator("header nav a").AllInnerTextsAsync();

        coordinatorLinks.Should().Equal("Live board", "Open an activation", "Staff", "Rotas", "Planned cover", "Travel limits", "Alerts", "Readiness");
        administratorLinks.Should().Equal("Register", "Staff", "Rotas", "Planned cover", "Alerts", "Readiness", "Reports");
        new Uri(administrator.Url).AbsolutePath.Should().Be("/register", "an administrator starts on the first page open to them");
        await coordinator.CloseAsync();
        await administrator.CloseAsync();
    }

    [Fact]
    public async Task Passwords_are_stored_only_as_hashes()
    {
        await using var session = system.Console.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();

        var user = await session.LoadAsync<ConsoleUser>(ConsoleSignIn.Coordinator.Username);

        user!.PasswordHash.Should().NotContain(ConsoleSignIn.Coordinator.Password).And.StartWith("AQAAAA", "ASP.NET Core Identity's versioned PBKDF2 format");
    }

    private async Task TrySignIn(IPage page, string username, string password)
    {
        await page.GotoAsync(Url("/sign-in"));
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator(".problem").WaitForAsync();
    }

    private string Url(string path) => new Uri(system.ConsoleUrl, path).ToString();
}
