using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Cers.Dispatch.ServiceDefaults.Access;

/// <summary>
/// API callers are told in problem+json why they were refused (no credentials, a bad token, the wrong role).
/// Browsers asking for a page get the default behaviour, so the console's cookie scheme can redirect to sign-in.
/// </summary>
internal sealed class ProblemAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || WantsPage(context.Request))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToList();
            var needed = roles.Count == 0 ? "" : $" This needs one of the roles: {string.Join(", ", roles)}.";
            await Results.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Your role does not allow this; nothing was changed.",
                    detail: $"Signed in as {context.User.Identity.Name}.{needed}")
                .ExecuteAsync(context);
            return;
        }

        var failure = (await context.AuthenticateAsync()).Failure?.Message;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Credentials are required: a bearer token, or an agency's X-Api-Key.",
                detail: failure is null ? "None were sent." : $"The credentials sent were refused: {failure}")
            .ExecuteAsync(context);
    }

    private static bool WantsPage(HttpRequest request) =>
        request.Headers.Authorization.Count == 0
        && !request.Headers.ContainsKey(ApiKeyAuthentication.Header)
        && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
