using System.Security.Claims;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Cers.Dispatch.Console.SigningIn;

public static class SignInPage
{
    public static IResult Show(string? returnUrl, HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? Results.Redirect(LocalOr(returnUrl, Html.HomeFor(http.User)))
            : Form(returnUrl, null, null, StatusCodes.Status200OK);

    public static async Task<IResult> SignIn(
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext http, ConsoleUsers users, ConsoleSessions sessions, NodaTime.IClock clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return Form(returnUrl, username, "Enter your username and password.", StatusCodes.Status400BadRequest);
        }

        switch (await users.SignInAsync(username, password, http.Connection.RemoteIpAddress?.ToString(), cancellationToken))
        {
            case SignInOutcome.SignedIn(var user):
                var sessionId = await sessions.StartAsync(user, cancellationToken);
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(user, sessionId));
                return Results.Redirect(LocalOr(returnUrl, Html.HomeFor(PrincipalOf(user, sessionId))));
            case SignInOutcome.WaitBeforeTrying(var until):
                var seconds = SignInThrottling.SecondsToWait(until, clock.GetCurrentInstant());
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Form(returnUrl, username, SignInThrottling.WaitWords(seconds), StatusCodes.Status429TooManyRequests);
            case SignInOutcome.Disabled:
                return Form(returnUrl, username, "This account is disabled. Ask an administrator.", StatusCodes.Status403Forbidden);
            default:
                return Form(returnUrl, username, "That username and password do not match an account.", StatusCodes.Status401Unauthorized);
        }
    }

    /// <summary>Takes the form so that its antiforgery token is checked: another site cannot sign a coordinator out.</summary>
    public static async Task<IResult> SignOut(HttpContext http, IFormCollection form, ConsoleSessions sessions)
    {
        _ = form;
        await sessions.EndAsync(http.User.FindFirst(ConsoleSessions.SessionClaim)?.Value, "signed out", http.RequestAborted);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/sign-in");
    }

    public static IResult AccessDenied(string? returnUrl, HttpContext http) =>
        Denied(http, returnUrl is null ? null : LocalOr(returnUrl, null), neededRoles: []);

    /// <summary>The 403 page: what was refused, who is signed in, and which roles would have been admitted.</summary>
    public static IResult Denied(HttpContext http, string? what, IReadOnlyCollection<string> neededRoles)
    {
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        var mine = http.User.FindAll(CersTokens.RoleClaim).Select(c => c.Value).ToList();
        var body = $"""
            <h1>Access denied</h1>
            <p>{(what is null ? "This page" : $"<code>{Html.E(what)}</code>")} is not open to your role.</p>
            {(neededRoles.Count == 0 ? "" : $"""<p>It needs the role <strong class="needed-role">{Html.E(string.Join(" or ", neededRoles))}</strong>.</p>""")}
            <p>{(signedIn ? $"You are signed in as {Html.E(http.User.Identity!.Name)} ({Html.E(mine.Count == 0 ? "no roles" : string.Join(", ", mine))})." : "You are not signed in.")}
            Ask an administrator if you need it.</p>
            <p><a href="{Html.E(signedIn ? Html.HomeFor(http.User) : "/sign-in")}">Back to the console</a></p>
            """;
        return Html.Page("Access denied", body, statusCode: StatusCodes.Status403Forbidden);
    }

    public static ClaimsPrincipal PrincipalOf(ConsoleUser user, string sessionId)
    {
        var claims = new List<Claim>
        {
            new("sub", user.Id),
            new(CersTokens.NameClaim, user.DisplayName),
            new(ConsoleSessions.SessionClaim, sessionId),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(CersTokens.RoleClaim, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, CersTokens.NameClaim, CersTokens.RoleClaim));
    }

    private static IResult Form(string? returnUrl, string? username, string? problem, int statusCode)
    {
        var body = $"""
            <section class="sign-in">
              <h1>Sign in</h1>
              <p class="meta">Coordinators, supervisors and administrators of the carers emergency response service.</p>
              {Html.Problem(problem)}
              {Html.Form("/sign-in", $"""
                <input type="hidden" name="returnUrl" value="{Html.E(LocalOr(returnUrl, null))}">
                <label>Username <input name="username" autocomplete="username" required autofocus value="{Html.E(username)}"></label>
                <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
                <button type="submit">Sign in</button>
                """)}
            </section>
            """;
        return Html.Page("Sign in", body, statusCode: statusCode);
    }

    /// <summary>Only a path on this console: a link must never send someone signing in to another site.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(fallback))]
    private static string? LocalOr(string? url, string? fallback) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Any(char.IsControl) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : fallback;
}
