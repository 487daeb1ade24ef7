using Cers.Dispatch.CrisisIntake.Activations.Safeguarding;
using Microsoft.Extensions.Configuration;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class SafeguardingConfigurationTests
{
    [Fact]
    public void Routes_per_area_are_read_from_configuration_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Safeguarding:Lead:Name"] = "Lead",
            ["Safeguarding:Lead:Phone"] = "+447700900555",
            ["Safeguarding:Areas:Default:AdultSocialCare:Name"] = "Adult social care",
            ["Safeguarding:Areas:Default:AdultSocialCare:Phone"] = "+443450455202",
            ["Safeguarding:Areas:Default:ChildrenAdvice:Name"] = "Children's advice",
            ["Safeguarding:Areas:Default:ChildrenAdvice:Phone"] = "+443450455203",
        }).Build();

        var options = new SafeguardingOptions();
        configuration.GetSection(SafeguardingOptions.Section).Bind(options);

        options.RouteFor(false, SafeguardingSubject.Child, null).Phone.Should().Be("+443450455203");
        options.RouteFor(false, SafeguardingSubject.Adult, "cb4").Phone.Should().Be("+443450455202");
    }
}
