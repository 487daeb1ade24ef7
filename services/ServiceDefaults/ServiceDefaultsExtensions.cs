using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>What every Cers.Dispatch process has: telemetry, health, problem+json, NodaTime JSON, an injected clock, access control.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.TryAddSingleton<IClock>(SystemClock.Instance);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestsAnswered>();
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ExceptionHandlerOptions>(o =>
            o.SuppressDiagnosticsCallback = c => c.Exception is Microsoft.AspNetCore.Http.BadHttpRequestException);
        // The same in every environment: a body that cannot be read throws, and BadRequestsAnswered says why (400).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            NodaTimeJson.Configure(o.SerializerOptions);
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
        });
        builder.Services.AddHealthChecks();
        // Its lines carry raw paths and queries (plan-link tokens, carer searches); RequestLog logs the route instead.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        // Its lines carry the path of every call to another service (a card number to card lookup); traces keep the timing.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.AddCersTelemetry(serviceName);
        builder.AddCersAccess(serviceName);
        return builder;
    }

    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        AccessRegistration.ValidateAccessOptions(app.Services);
        app.UseTrustedProxies();
        app.UseMiddleware<RequestLog>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthEndpoints();
        return app;
    }

    /// <summary>Answers 400 problem+json naming every field that was wrong.</summary>
    public static IResult ValidationProblem(IDictionary<string, string[]> errors, string title = "The request was not valid; nothing was stored.") =>
        Results.ValidationProblem(errors, title: title);
}
