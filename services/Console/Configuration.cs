using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Board;
using Marten;
using MassTransit;

namespace Cers.Dispatch.Console;

public static class Configuration
{
    public static void AddConsoleReadModels(this StoreOptions options) =>
        options.Schema.For<BoardEntry>().Index(e => e.State);

    public static void AddConsoleConsumers(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<UpdateBoard>();

    public static WebApplicationBuilder AddConsoleServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddHttpClient<CrisisIntakeClient>(http =>
                http.BaseAddress = new Uri(builder.Configuration["Services:CrisisIntake"]
                    ?? throw new InvalidOperationException("Services:CrisisIntake (env Services__CrisisIntake) must give crisis intake's base URL.")))
            .AddStandardResilienceHandler();
        return builder;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseStaticFiles();
        app.MapGet("/", BoardPage.Handle);
        app.MapGet("/board/rows", BoardPage.Rows);
        app.MapGet("/api/board", BoardPage.Json);
        app.MapHub<BoardHub>(BoardHub.Path);
        app.MapGet("/activations/{id:guid}", ActivationPage.Handle);
        app.MapGet("/activations/{id:guid}/export.json", ActivationPage.ExportJson);
        app.MapGet("/activations/{id:guid}/export.csv", ActivationPage.ExportCsv);
        return app;
    }
}
