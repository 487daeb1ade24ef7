using Cers.Dispatch.ServiceDefaults.Access;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Console.Reports;

public static class Configuration
{
    public static void AddReportReadModels(this StoreOptions options) =>
        options.Schema.For<ActivationFigures>().Index(f => f.OpenedMonth!).UseOptimisticConcurrency(true);

    public static void AddReportConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<CollectFigures, CollectFiguresDefinition>();

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports", ReportsPage.Handle).RequireAuthorization(CersPolicies.Reporting);
        app.MapGet("/reports.csv", ReportsPage.Csv).RequireAuthorization(CersPolicies.Reporting);
        return app;
    }
}
