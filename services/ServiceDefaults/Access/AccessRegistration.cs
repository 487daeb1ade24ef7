using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cers.Dispatch.ServiceDefaults.Access;

public static class AccessRegistration
{
    /// <summary>The scheme every service authenticates with: an API key when one is presented, a bearer token otherwise.</summary>
    public const string DefaultScheme = "cers";

    /// <summary>Which roles each policy admits. One table, so docs/security.md and the tests can be checked against it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [CersPolicies.Coordinating] = [CersRoles.Coordinator, CersRoles.Supervisor, CersRoles.Service],
        [CersPolicies.Auditing] = [CersRoles.Supervisor],
        [CersPolicies.Reporting] = [CersRoles.Supervisor, CersRoles.Administrator],
        [CersPolicies.Administering] = [CersRoles.Administrator],
        [CersPolicies.ReadingRegister] = [CersRoles.Coordinator, CersRoles.Supervisor, CersRoles.Administrator, CersRoles.Service],
        [CersPolicies.BookingCover] = [CersRoles.Coordinator, CersRoles.Supervisor, CersRoles.Administrator, CersRoles.Service],
        [CersPolicies.DataProtection] = [CersRoles.Administrator],
        [CersPolicies.PartnerIntake] = [CersRoles.PartnerAgency, CersRoles.Coordinator, CersRoles.Supervisor, CersRoles.Service],
        [CersPolicies.ServiceToService] = [CersRoles.Service],
        [CersPolicies.DoorDetails] = [CersRoles.Coordinator, CersRoles.Supervisor, CersRoles.CareWorker],
    };

    public static IHostApplicationBuilder AddCersAccess(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOptions<AccessOptions>().Bind(builder.Configuration.GetSection(AccessOptions.Section));
        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.Services.AddSingleton<CersTokens>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<ServiceToken>();
        builder.Services.AddTransient<SignedInUserToken>();

        builder.Services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "API key or bearer token", options =>
                options.ForwardDefaultSelector = http =>
                    http.Request.Headers.ContainsKey(ApiKeyAuthentication.Header) ? ApiKeyAuthentication.SchemeName : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, _ => { })
            .AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AccessOptions>>((jwt, access) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = access.Value.Issuer,
                    ValidAudience = access.Value.Audience,
                    IssuerSigningKey = CersTokens.SigningKeyOf(access.Value),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = CersTokens.NameClaim,
                    RoleClaimType = CersTokens.RoleClaim,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        builder.Services.AddAuthorization(options =>
        {
            foreach (var (policy, roles) in RolesByPolicy)
            {
                options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            }

            // An endpoint someone forgot to label is closed to strangers, never open.
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResults>();
        builder.Services.AddCersRateLimits(builder.Configuration);
        return builder;
    }

    /// <summary>Fails start-up when the signing key is missing, rather than on the first request at 3 a.m.</summary>
    internal static void ValidateAccessOptions(IServiceProvider services) =>
        _ = CersTokens.SigningKeyOf(services.GetRequiredService<IOptions<AccessOptions>>().Value);
}
