using Cers.Dispatch.ServiceDefaults.Outgoing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;

namespace Cers.Dispatch.ServiceDefaults.Vonage;

public static class VonageWebhooks
{
    /// <summary>Vonage as the second provider, when the "Vonage" section names an API key; otherwise nothing.</summary>
    public static IHostApplicationBuilder AddVonageProvider(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<VonageOptions>(builder.Configuration.GetSection(VonageOptions.Section));
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{VonageOptions.Section}:ApiKey"]))
        {
            return builder;
        }

        builder.Services.AddHttpClient<VonageClient>().AddResilienceHandler("vonage", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(10)));
        builder.Services.AddSingleton<IMessagingProvider, VonageProvider>();
        return builder;
    }

    /// <summary>
    /// Only what Vonage signed gets through: an SMS by its <c>sig</c> parameter (form or query), a voice event by its JWT.
    /// Anything else is answered 403 before it can change anything.
    /// </summary>
    public static RouteGroupBuilder RequireVonageSignature(this RouteGroupBuilder group)
    {
        group.AllowAnonymous().RequireRateLimiting(Access.CersRateLimits.Webhooks);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (WebhookBodies.RefuseQuery(http) is { } refusedQuery)
            {
                return refusedQuery;
            }

            var secret = http.RequestServices.GetRequiredService<IOptions<VonageOptions>>().Value.SignatureSecret;
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            bool valid;
            if (http.Request.HasJsonContentType())
            {
                if (http.Request.ContentLength > WebhookBodies.MaxBytes)
                {
                    return WebhookBodies.TooLarge();
                }

                http.Request.EnableBuffering(bufferThreshold: WebhookBodies.MaxBytes, bufferLimit: WebhookBodies.MaxBytes);
                using var buffer = new MemoryStream();
                try
                {
                    await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
                }
                catch (IOException)
                {
                    return WebhookBodies.TooLarge();
                }

                http.Request.Body.Position = 0;
                var bearer = http.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
                valid = VonageSignatures.IsValidVoiceEvent(secret, bearer, buffer.ToArray(), now);
            }
            else
            {
                var (form, refusal) = await WebhookBodies.ReadFormAsync(http);
                if (refusal is not null)
                {
                    return refusal;
                }

                var fields = http.Request.HasFormContentType ? form.AsEnumerable() : http.Request.Query;
                valid = VonageSignatures.IsValidSms(secret, fields.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))).ToList(), now);
            }

            return valid ? await next(context) : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Vonage signature missing or wrong; the request was ignored.");
        });
        return group;
    }
}
