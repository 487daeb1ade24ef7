using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.ServiceDefaults;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class PlainWordsTests
{
    [Theory]
    [InlineData("AdmittedToHospital", "admitted to hospital")]
    [InlineData("nobody-qualified-available", "nobody qualified available")]
    [InlineData("PartnerApi", "partner API")]
    [InlineData("duty-manager", "duty manager")]
    [InlineData("rapid-response", "rapid response")]
    [InlineData("", "")]
    public void A_service_s_name_for_a_thing_reads_as_words(string name, string words) =>
        PlainWords.Of(name).Should().Be(words);

    [Fact]
    public void Words_that_stand_alone_begin_with_a_capital() =>
        PlainWords.Sentence(nameof(ActivationOutcome.LongerTermCareInPlace)).Should().Be("Longer term care in place");
}
