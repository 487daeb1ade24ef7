using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Rostering.Privacy;

public static class Configuration
{
    public static void AddPrivacy(this StoreOptions options) => options.AddPersonalDataKeys();

    public static WebApplicationBuilder AddPrivacyServices(this WebApplicationBuilder builder)
    {
        builder.AddPersonalDataProtection();
        return builder;
    }

    public static void AddPrivacyConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ForgettingCarer>();
        bus.AddConsumer<ShreddingWithIntake>();
    }
}
