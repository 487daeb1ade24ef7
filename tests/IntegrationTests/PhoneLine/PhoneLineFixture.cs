using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Cers.Dispatch.IntegrationTests.PhoneLine;

/// <summary>Crisis intake's phone line with rostering and card lookup out of reach: the line must still put every caller through.</summary>
public sealed class PhoneLineFixture : IAsyncLifetime
{
    public const string CoordinatorPhone = "+447700900111";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public PhoneLineFixture() => Intake = new ServiceHost<CrisisIntakeApi>($"t_{runId}_phone", $"t{runId}", settings: Settings());

    /// <summary>Card lookup and rostering out of reach; the configured fallback chain is a coordinator, then the duty manager.</summary>
    public static Dictionary<string, string?> Settings()
    {
        var settings = IntakeSettings.Without(cardLookup: null);
        settings["OnCall:Fallback:0:Name"] = "On-call coordinator (fallback)";
        settings["OnCall:Fallback:0:Phone"] = CoordinatorPhone;
        settings["OnCall:Fallback:0:Role"] = "coordinator";
        settings["OnCall:Fallback:1:Name"] = "Duty manager (fallback)";
        settings["OnCall:Fallback:1:Phone"] = IntakeSettings.DutyManagerPhone;
        settings["OnCall:Fallback:1:Role"] = "duty-manager";
        return settings;
    }

    public ServiceHost<CrisisIntakeApi> Intake { get; }

    public IDocumentStore Store => Intake.Services.GetRequiredService<IDocumentStore>();

    public TwilioCaller Twilio => new(Intake.CreateClient());

    public Task InitializeAsync()
    {
        _ = Intake.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Intake.DisposeAsync();
        await Schemas.DropAsync(Intake.Schema);
    }
}
