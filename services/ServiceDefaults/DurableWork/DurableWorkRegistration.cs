using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

public static class DurableWorkRegistration
{
    /// <summary>The owed-work table's runners, and <typeparamref name="THandler"/> among the handlers they call.</summary>
    public static IHostApplicationBuilder AddWorkHandler<THandler>(this IHostApplicationBuilder builder)
        where THandler : class, IWorkHandler
    {
        builder.AddDurableWork();
        builder.Services.AddScoped<IWorkHandler, THandler>();
        return builder;
    }

    public static IHostApplicationBuilder AddDurableWork(this IHostApplicationBuilder builder)
    {
        if (builder.Services.Any(s => s.ServiceType == typeof(WorkRunner)))
        {
            return builder;
        }

        builder.Services.Configure<WorkOptions>(builder.Configuration.GetSection(WorkOptions.Section));
        builder.Services.TryAddSingleton<WorkSignal>();
        builder.Services.TryAddSingleton<WorkQueue>();
        builder.Services.TryAddSingleton<LateOutcomes>();
        // Hosted services stop in the reverse order: the runners first, then the outcomes they left are stored.
        builder.Services.AddHostedService(provider => provider.GetRequiredService<LateOutcomes>());
        builder.Services.AddSingleton<WorkRunner>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<WorkRunner>());
        return builder;
    }
}
