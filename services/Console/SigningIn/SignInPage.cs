using System.Security.Claims;
using Cers.Dispatch.Console.Components;
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

    public static IResult AccessDenied(string? returnUrl) =>
        Denied(returnUrl is null ? null : LocalOr(returnUrl, null), neededRoles: []);

    /// <summary>The 403 page: what was refused, who is signed in, and which roles would have been admitted.</summary>
    public static IResult Denied(string? what, IReadOnlyCollection<string> neededRoles) =>
        Pages.Render<AccessDeniedPage>(new { What = what, NeededRoles = neededRoles }, StatusCodes.Status403Forbidden);

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

    private static IResult Form(string? returnUrl, string? username, string? problem, int statusCode) =>
        Pages.Render<SignInForm>(new { ReturnUrl = LocalOr(returnUrl, null), Username = username, Problem = problem }, statusCode);

    /// <summary>Only a path on this console: a link must never send someone signing in to another site.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(fallback))]
    private static string? LocalOr(string? url, string? fallback) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Any(char.IsControl) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : fallback;
}
