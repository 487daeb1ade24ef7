using Cers.Dispatch.Rostering.Readiness.Assessing;
using Cers.Dispatch.Rostering.Readiness.Keeping;
using Cers.Dispatch.Rostering.Readiness.Listing;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using MassTransit;
using NodaTime;

namespace Cers.Dispatch.Rostering.Readiness;

public static class Configuration
{
    public static void AddReadiness(this StoreOptions options)
    {
        var cards = options.Schema.For<CardReadiness>().UseOptimisticConcurrency(true);
        cards.Duplicate(c => c.Active);
        cards.Duplicate(c => c.RedFromTicks!);
        cards.Duplicate(c => c.NextChangeTicks!);
        cards.Duplicate(c => c.AlertOwed);
    }

    public static WebApplicationBuilder AddReadinessServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReadinessOptions>()
            .Bind(builder.Configuration.GetSection(ReadinessOptions.Section))
            .Validate(o => o.ContactsConfirmedWithinDays is >= 1 and <= 3660, "Readiness:ContactsConfirmedWithinDays must be between 1 and 3660.")
            .Validate(o => o.ConsentConfirmedWithinDays is >= 1 and <= 3660, "Readiness:ConsentConfirmedWithinDays must be between 1 and 3660.")
            .Validate(o => o.CoverDaysAhead is >= 1 and <= 31, "Readiness:CoverDaysAhead must be between 1 and 31.")
            .Validate(o => o.NewCardGraceHours is >= 0 and <= 168, "Readiness:NewCardGraceHours must be between 0 and 168.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ReadinessAssessor>();
        builder.Services.AddSingleton<ReassessingAllCards>();
        builder.AddWorkHandler<ReadinessTick>();
        builder.AddWorkHandler<ReassessingAllCards>();
        builder.Services.ConfigureMarten((services, options) => options.Listeners.Add(
            new ReassessCardsOnRotaChange(() => services.GetRequiredService<WorkQueue>(), services.GetRequiredService<IClock>())));
        return builder;
    }

    public static void AddReadinessConsumers(this IBusRegistrationConfigurator bus) => bus.AddConsumer<KeepingReadinessFacts>();

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        var readiness = app.MapGroup("/readiness").WithTags("Readiness");
        readiness.MapGet("/", GetReadinessSlice.List).RequireAuthorization(CersPolicies.ReadingRegister);
        readiness.MapGet("/{carerId:guid}", GetReadinessSlice.One).RequireAuthorization(CersPolicies.ReadingRegister);
        readiness.MapPost("/reassess", GetReadinessSlice.Reassess).RequireAuthorization(CersPolicies.Administering);
        return app;
    }
}
