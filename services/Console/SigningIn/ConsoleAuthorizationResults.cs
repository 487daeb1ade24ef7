using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>
/// A browser asking for a page it may not see gets the access-denied page (403, naming the role needed) in place, so
/// the address bar still shows what was refused; a signed-out browser is sent to sign in. Anything else (scripts,
/// the SignalR hub) gets problem+json as from every other service.
/// </summary>
internal sealed class ConsoleAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        var signedIn = context.User.Identity?.IsAuthenticated == true;
        if (authorizeResult.Succeeded || (WantsPage(context.Request) && !signedIn))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        if (WantsPage(context.Request))
        {
            await SignInPage.Denied(context.Request.Path + context.Request.QueryString, roles).ExecuteAsync(context);
            return;
        }

        await (signedIn
                ? Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Your role does not allow this; nothing was changed.",
                    detail: $"Signed in as {context.User.Identity!.Name}.{(roles.Count == 0 ? "" : $" This needs one of the roles: {string.Join(", ", roles)}.")}")
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to the console first.", detail: "GET /sign-in"))
            .ExecuteAsync(context);
    }

    private static bool WantsPage(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
