using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.Testing;

namespace Cers.Dispatch.IntegrationTests.Access;

public sealed class TwilioDevelopmentSwitchTests
{
    [Fact]
    public async Task Crisis_intake_refuses_to_start_with_unsigned_webhooks_allowed_outside_development()
    {
        var settings = IntakeSettings.Without(cardLookup: null);
        settings["Twilio:AllowUnsignedWebhooks"] = "true";
        var schema = $"t_{Guid.NewGuid():N}"[..14];
        await using var host = new ServiceHost<CrisisIntakeApi>(schema, schema, settings: settings);

        var starting = () => host.CreateClient();

        starting.Should().Throw<InvalidOperationException>().WithMessage("*AllowUnsignedWebhooks is on in the Testing environment*development switch*");
        await Schemas.DropAsync(schema);
    }
}
