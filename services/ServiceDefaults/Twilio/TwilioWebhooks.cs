using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.ServiceDefaults.Twilio;

public static class TwilioWebhooks
{
    public static IHostApplicationBuilder AddTwilioWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<TwilioOptions>(builder.Configuration.GetSection(TwilioOptions.Section));
        return builder;
    }

    /// <summary>
    /// Only requests Twilio signed get through: anything else is answered 403 before it can change anything. Twilio
    /// cannot sign in, so the signature is the credential: the group is anonymous to the sign-in policies.
    /// </summary>
    public static RouteGroupBuilder RequireTwilioSignature(this RouteGroupBuilder group)
    {
        group.AllowAnonymous().RequireRateLimiting(Access.CersRateLimits.Webhooks);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var (form, refusal) = await WebhookBodies.ReadFormAsync(http);
            if (refusal is not null)
            {
                return refusal;
            }

            var options = http.RequestServices.GetRequiredService<IOptions<TwilioOptions>>().Value;
            if (options.AllowUnsignedWebhooks && http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioWebhooks))
                    .LogWarning("Twilio signature NOT checked for {Route}: Twilio:AllowUnsignedWebhooks is on. Never run like this in production.", RequestLog.Route(http));
                return await next(context);
            }

            var parameters = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")));
            var url = PublicUrlOf(http.Request, options.PublicBaseUrl);
            var signature = http.Request.Headers["X-Twilio-Signature"].ToString();
            return TwilioSignature.IsValid(options.AuthToken, url, parameters, signature)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Twilio signature missing or wrong; the request was ignored.");
        });
        return group;
    }

    /// <summary>The URL Twilio used to reach us: the configured public base URL plus the path and query we saw.</summary>
    public static string PublicUrlOf(HttpRequest request, Uri? publicBaseUrl)
    {
        var pathAndQuery = $"{request.PathBase}{request.Path}{request.QueryString}";
        return publicBaseUrl is null
            ? $"{request.Scheme}://{request.Host}{pathAndQuery}"
            : $"{publicBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}{request.Path}{request.QueryString}";
    }

    public static void WarnIfUnsigned(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TwilioOptions>>().Value.AllowUnsignedWebhooks)
        {
            return;
        }

        if (!app.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Twilio:AllowUnsignedWebhooks is on in the {app.Environment.EnvironmentName} environment. It is a development switch only: turn it off.");
        }

        app.Logger.LogCritical("Twilio:AllowUnsignedWebhooks is ON: anyone can forge Twilio webhooks. Development only.");
    }
}
