using Cers.Dispatch.ServiceDefaults.Access;
using Marten;

namespace Cers.Dispatch.CrisisIntake.PartnerAgencies;

public static class Configuration
{
    public static StoreOptions AddPartnerAgencies(this StoreOptions options)
    {
        options.Schema.For<PartnerAgency>().Identity(a => a.Id).UniqueIndex(a => a.KeyHash);
        return options;
    }

    public static IServiceCollection AddPartnerAgencyKeys(this IServiceCollection services) =>
        services.AddScoped<IApiKeyStore, PartnerAgencyKeys>();

    public static IEndpointRouteBuilder MapPartnerAgencies(this IEndpointRouteBuilder app)
    {
        var agencies = app.MapGroup("/partner-agencies").WithTags("Partner agencies").RequireAuthorization(CersPolicies.Administering);
        agencies.MapPost("/", ManagingPartnerAgencies.Register);
        agencies.MapGet("/", ManagingPartnerAgencies.List);
        agencies.MapPost("/{agencyId}/key", ManagingPartnerAgencies.RotateKey);
        agencies.MapPost("/{agencyId}/revocation", ManagingPartnerAgencies.Revoke);
        return app;
    }

    /// <summary>`add-partner-agency id "Name"`: registers an agency (or rotates its key) and prints the key once.</summary>
    public static async Task<int> RunFromCommandLineAsync(WebApplication app, string[] args)
    {
        if (args is not [_, var id, var name])
        {
            await Console.Error.WriteLineAsync("usage: add-partner-agency <agency-id> <name>");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
        var clock = scope.ServiceProvider.GetRequiredService<NodaTime.IClock>();
        var issued = await ManagingPartnerAgencies.IssueKeyAsync(session, id, name, clock.GetCurrentInstant(), "command line", CancellationToken.None);
        await Console.Out.WriteLineAsync(issued.ApiKey);
        return 0;
    }
}
