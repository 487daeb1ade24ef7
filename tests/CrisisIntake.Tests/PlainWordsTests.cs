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

    [Theory]
    [InlineData("cardNumber", "Card number")]
    [InlineData("reportedBy.callBackNumber", "Reported by call back number")]
    [InlineData("phones[0].number", "Phones 1 number")]
    public void A_field_a_service_refused_is_named_in_words(string path, string words) =>
        PlainWords.Field(path).Should().Be(words);

    [Fact]
    public void Words_that_stand_alone_begin_with_a_capital() =>
        PlainWords.Sentence(nameof(ActivationOutcome.LongerTermCareInPlace)).Should().Be("Longer term care in place");
}
