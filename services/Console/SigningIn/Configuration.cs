using Microsoft.AspNetCore.Authentication;
using Cers.Dispatch.ServiceDefaults.Access;
using Marten;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.Console.SigningIn;

public static class Configuration
{
    public static void AddConsoleUsers(this StoreOptions options)
    {
        options.Schema.For<ConsoleUser>().Identity(u => u.Id).UseOptimisticConcurrency(true);
        options.Schema.For<ConsoleSession>().Identity(s => s.Id).Index(s => s.UserId);
        options.Schema.For<SignInThrottle>().Identity(t => t.Id);
        options.Schema.For<DataProtectionKey>().Identity(k => k.Id);
    }

    /// <summary>
    /// People sign in to the console with a cookie, which replaces the bearer token other services expect: the console
    /// mints a token for the person on each call it makes for them (SignedInUserToken).
    /// </summary>
    public static WebApplicationBuilder AddConsoleSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignInOptions>()
            .Bind(builder.Configuration.GetSection(SignInOptions.Section))
            .Validate(o => o.FreeFailures is >= 1 and <= 100 && o.AddressFreeFailures >= 1, "Console:SignIn:FreeFailures must be between 1 and 100, AddressFreeFailures at least 1.")
            .Validate(o => o.AddressWaitCapSeconds is >= 1 and <= 3600 && o.AccountWaitCapSeconds is >= 1 and <= 300,
                "Console:SignIn:AddressWaitCapSeconds must be between 1 and 3600, AccountWaitCapSeconds between 1 and 300.")
            .Validate(o => o.ForgetFailuresAfterMinutes is >= 1 and <= 1440, "Console:SignIn:ForgetFailuresAfterMinutes must be between 1 and 1440.")
            .Validate(o => o.SessionHours is >= 1 and <= 24, "Console:SignIn:SessionHours must be between 1 and 24.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ConsoleUsers>();
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.AddSharedKeyRing();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "cers-console-antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>()
            .Configure<IOptions<SignInOptions>>((antiforgery, signIn) =>
                antiforgery.Cookie.SecurePolicy = signIn.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultAuthenticateScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultForbidScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            })
            .AddCookie();
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<SignInOptions>>((cookie, signIn) =>
            {
                cookie.Cookie.Name = "cers-console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = signIn.Value.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(signIn.Value.SessionHours);
                cookie.SlidingExpiration = true;
                cookie.LoginPath = "/sign-in";
                cookie.LogoutPath = "/sign-out";
                cookie.AccessDeniedPath = "/access-denied";
                cookie.ReturnUrlParameter = "returnUrl";
                // A cookie whose session was ended (signed out, password changed) is refused however fresh it is.
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<ConsoleSessions>();
                    if (!await sessions.IsLiveAsync(context.Principal?.FindFirst(ConsoleSessions.SessionClaim)?.Value, context.HttpContext.RequestAborted))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            });

        // Replaces service defaults' handler: the console answers browsers with pages, not problem+json.
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ConsoleAuthorizationResults>();
        return builder;
    }

    public static WebApplication MapSignIn(this WebApplication app)
    {
        app.MapGet("/sign-in", SignInPage.Show).AllowAnonymous();
        app.MapPost("/sign-in", SignInPage.SignIn).AllowAnonymous();
        // Anyone signed in may sign out; someone whose session has ended is sent to sign in, which is what they wanted.
        var everyone = new AuthorizeAttribute { Roles = string.Join(',', CersRoles.People) };
        app.MapPost("/sign-out", SignInPage.SignOut).RequireAuthorization(everyone);
        app.MapGet("/access-denied", SignInPage.AccessDenied).AllowAnonymous();
        app.MapGet(PasswordPage.Path, PasswordPage.Show).RequireAuthorization(everyone);
        app.MapPost(PasswordPage.Path, PasswordPage.Change).RequireAuthorization(everyone);
        return app;
    }
}
