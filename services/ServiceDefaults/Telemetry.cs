using System.Diagnostics;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cers.Dispatch.ServiceDefaults;

public static class Telemetry
{
    public const string SourceName = "Cers.Dispatch";

    /// <summary>Spans the project starts itself, such as relaying a stored event to the bus.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Set to true to record spans with no OTLP collector configured (a test that reads them in memory).</summary>
    public const string RecordTracesKey = "Telemetry:RecordTraces";

    /// <summary>
    /// Traces are recorded only where they go somewhere (an OTLP collector, or a test's exporter): a span per statement,
    /// message and request that nobody collects was a sizeable part of each activation's CPU. Metrics are always kept.
    /// </summary>
    public static IHostApplicationBuilder AddCersTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddMeter(InstrumentationOptions.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

        if (exporting || builder.Configuration.GetValue<bool>(RecordTracesKey))
        {
            otel.WithTracing(tracing => tracing
                .AddSource(SourceName)
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        }

        if (exporting)
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }
}
