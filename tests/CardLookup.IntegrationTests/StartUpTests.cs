using Cers.Dispatch.Testing;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

public sealed class StartUpTests
{
    [Fact]
    public async Task Outside_development_the_service_refuses_to_start_without_a_master_key()
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var host = new ServiceHost<CardLookupApi>($"t_{runId}_nokey", $"t{runId}", settings: new Dictionary<string, string?> { ["environment"] = "Production" });
        try
        {
            var starting = () => host.CreateClient();

            starting.Should().Throw<Exception>().Where(e => e.ToString().Contains("Privacy__MasterKey", StringComparison.Ordinal));
        }
        finally
        {
            await host.DisposeAsync();
            await Schemas.DropAsync(host.Schema);
        }
    }
}
