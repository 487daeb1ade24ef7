using Cers.Dispatch.ServiceDefaults.Access;
using Marten;

namespace Cers.Dispatch.Console.Reports;

public static class Configuration
{
    public static void AddReportReadModels(this StoreOptions options) =>
        options.Schema.For<ActivationFigures>().Index(f => f.OpenedMonth!).UseOptimisticConcurrency(true);

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports", ReportsPage.Handle).RequireAuthorization(CersPolicies.Reporting);
        app.MapGet("/reports.csv", ReportsPage.Csv).RequireAuthorization(CersPolicies.Reporting);
        return app;
    }
}
