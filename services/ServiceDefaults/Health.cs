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
/// A readiness check that, once passed, stays passed: PostgreSQL and RabbitMQ are shared by every instance, so taking
/// them all out of the load balancer while one fails over would only turn the answers each can still give (an emergency
/// call put through from intake's call journal, an error Twilio's fallback URL acts on, messages waiting in the outbox)
/// into the load balancer's own 503. /health/store and /health/bus say how each is now.
/// </summary>
internal abstract class PassedOnce(string passed) : IHealthCheck
{
    private volatile bool hasPassed;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!hasPassed)
        {
            var now = await CheckNowAsync(context, cancellationToken);
            hasPassed = now.Status == HealthStatus.Healthy;
            if (!hasPassed)
            {
                return now;
            }
        }

        return HealthCheckResult.Healthy(passed);
    }

    protected void Passed() => hasPassed = true;

    protected abstract Task<HealthCheckResult> CheckNowAsync(HealthCheckContext context, CancellationToken cancellationToken);
}

/// <summary>Ready once PostgreSQL has answered: the schema is in place.</summary>
internal sealed class PostgresReachedOnce(PostgresHealthCheck now) : PassedOnce("PostgreSQL has answered")
{
    protected override Task<HealthCheckResult> CheckNowAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        now.CheckHealthAsync(context, cancellationToken);
}

/// <summary>
/// Ready once the bus has started: its queues are declared and bound, so nothing published in answer to a first request
/// is dropped for want of a queue. Told by the bus itself when it is ready, so it holds even if nobody asked before.
/// </summary>
internal sealed class BusHasStarted(IServiceProvider services) : PassedOnce("the bus has started"), MassTransit.IBusObserver
{
    protected override Task<HealthCheckResult> CheckNowAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        // Resolved here, not injected: the bus is made with its observers, this one among them.
        var health = services.GetRequiredService<MassTransit.IBusControl>().CheckHealth();
        return Task.FromResult(health.Status == MassTransit.BusHealthStatus.Healthy
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the bus has not started yet: {health.Description}"));
    }

    public Task PostStart(MassTransit.IBus bus, Task<MassTransit.BusReady> busReady)
    {
        _ = busReady.ContinueWith(
            ready =>
            {
                if (ready.IsCompletedSuccessfully)
                {
                    Passed();
                }
            },
            TaskScheduler.Default);
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
