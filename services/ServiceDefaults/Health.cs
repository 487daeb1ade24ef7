using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Cers.Dispatch.ServiceDefaults;

public static class Health
{
    public const string ReadyTag = "ready";

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/store", new HealthCheckOptions { Predicate = check => check.Tags.Contains(StoreTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/bus", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(BusTag),
            // MassTransit says Degraded while it reconnects: for an operator, the bus is not there.
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(string.Join("\n", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}")));
            },
        }).AllowAnonymous();
        return app;
    }

    /// <summary>MassTransit's tag on its own bus check.</summary>
    public const string BusTag = "masstransit";

    /// <summary>PostgreSQL reachable now: /health/store, for operators, not readiness.</summary>
    public const string StoreTag = "store";
}

/// <summary>
/// Ready once PostgreSQL has answered (the schema is in place); PostgreSQL away after that (a failover) does not take the
/// instance out of the load balancer. Every instance shares the one PostgreSQL, so taking them all out would only turn
/// the answers each can still give (an emergency call put through from intake's call journal, an error Twilio's
/// fallback URL acts on) into the load balancer's own 503.
/// </summary>
internal sealed class PostgresReachedOnce(PostgresHealthCheck now) : IHealthCheck
{
    private volatile bool reached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!reached)
        {
            var result = await now.CheckHealthAsync(context, cancellationToken);
            reached = result.Status == HealthStatus.Healthy;
            if (!reached)
            {
                return result;
            }
        }

        return HealthCheckResult.Healthy("PostgreSQL has answered");
    }
}

/// <summary>
/// Ready once the bus has started (its queues declared and bound, so nothing published in answer to a first request is
/// dropped for want of a queue); a RabbitMQ node lost after that does not take the service out of the load balancer:
/// the outbox keeps what it publishes and the webhooks, answered from PostgreSQL, must keep being answered.
/// </summary>
internal sealed class BusHasStarted(IServiceProvider services) : IHealthCheck, MassTransit.IBusObserver
{
    private volatile bool started;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!started)
        {
            // Resolved here, not injected: the bus is made with its observers, this one among them.
            var health = services.GetRequiredService<MassTransit.IBusControl>().CheckHealth();
            started = health.Status == MassTransit.BusHealthStatus.Healthy;
            if (!started)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"the bus has not started yet: {health.Description}"));
            }
        }

        return Task.FromResult(HealthCheckResult.Healthy("the bus has started"));
    }

    public Task PostStart(MassTransit.IBus bus, Task<MassTransit.BusReady> busReady)
    {
        _ = busReady.ContinueWith(ready => started |= ready.IsCompletedSuccessfully, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public void PostCreate(MassTransit.IBus bus)
    {
    }

    public void CreateFaulted(Exception exception)
    {
    }

    public Task PreStart(MassTransit.IBus bus) => Task.CompletedTask;

    public Task StartFaulted(MassTransit.IBus bus, Exception exception) => Task.CompletedTask;

    public Task PreStop(MassTransit.IBus bus) => Task.CompletedTask;

    public Task PostStop(MassTransit.IBus bus) => Task.CompletedTask;

    public Task StopFaulted(MassTransit.IBus bus, Exception exception) => Task.CompletedTask;
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable", e);
        }
    }
}
