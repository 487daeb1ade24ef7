using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.ServiceDefaults.Twilio;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class PhoneLineRulesTests
{
    // Twilio's own published example (auth token 12345), so our check agrees with Twilio's, not just with itself.
    private static readonly KeyValuePair<string, string>[] TwilioExample =
    [
        new("CallSid", "CA1234567890ABCDE"), new("Caller", "+14158675309"), new("Digits", "1234"),
        new("From", "+14158675309"), new("To", "+18005551212"),
    ];

    [Fact]
    public void Twilio_signatures_are_checked_exactly_as_Twilio_computes_them() =>
        TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioExample, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").Should().BeTrue();

    [Theory]
    [InlineData("12345", "https://mycompany.com/myapp.php?foo=1&bar=3", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("54321", "https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", "")]
    [InlineData("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    public void A_signature_for_another_URL_token_or_none_at_all_is_refused(string token, string url, string signature) =>
        TwilioSignature.IsValid(token, url, TwilioExample, signature).Should().BeFalse();

    [Fact]
    public void A_changed_parameter_breaks_the_signature()
    {
        var tampered = TwilioExample.Select(p => p.Key == "Digits" ? new KeyValuePair<string, string>("Digits", "9999") : p);

        TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", tampered, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").Should().BeFalse();
    }

    [Fact]
    public void Twilio_may_sign_the_https_URL_with_the_default_port_written_out()
    {
        // Twilio's example signed for https://mycompany.com:443/myapp.php?foo=1&bar=2.
        const string signedWithPort = "kvajT1Ptam85bY51eRf/AJRuM3w=";

        TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", TwilioExample, signedWithPort).Should().BeTrue();
    }

    [Fact]
    public void A_field_sent_twice_is_refused_whatever_the_signature() =>
        TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", [.. TwilioExample, new("Digits", "1234")], "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
            .Should().BeFalse();

    [Theory]
    [InlineData("four nine two one seven seven three oh five five one eight", "492177305518")]
    [InlineData("4921 7730 5518", "492177305518")]
    [InlineData("four nine two one double seven three zero five five one eight", "492177305518")]
    [InlineData("err I think it's four nine", "49")]
    [InlineData("", "")]
    public void Spoken_card_numbers_become_digits(string heard, string digits) =>
        SpokenDigits.From(heard).Should().Be(digits);

    [Fact]
    public void The_same_call_always_maps_to_the_same_activation_and_different_calls_never_do()
    {
        PhoneCallIds.ActivationIdFor("CA0001").Should().Be(PhoneCallIds.ActivationIdFor("CA0001"));
        PhoneCallIds.ActivationIdFor("CA0001").Should().NotBe(PhoneCallIds.ActivationIdFor("CA0002"));
    }
}
