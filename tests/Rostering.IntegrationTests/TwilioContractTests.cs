using Cers.Dispatch.ServiceDefaults.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>Every request we send through Twilio's SDK is one Twilio's published API description accepts, and its refusals reach us as such.</summary>
[Collection(PrismCollection.Name)]
public sealed class TwilioContractTests(PrismTwilio prism) : IDisposable
{
    private readonly IHost host = BuildClientHost(prism.BaseUrl);

    private TwilioApi Twilio => host.Services.GetRequiredService<TwilioApi>();

    [Fact]
    public async Task The_offer_SMS_we_send_is_accepted_by_Twilios_API_description()
    {
        var sid = await Twilio.SendSmsAsync(
            "+447700900123",
            "CERS emergency cover needed now in CB1 Cambridge. Needs: personal care. Reply YES K7QF to go or NO K7QF if you can't.",
            new Uri("https://cers.example.org/twilio/sms/status?activationId=0b3e6c4e-2f53-4a57-9a42-2d6f0e7f3a11&offerId=5d3f1c9e-7f6a-4b1e-8c2d-9e0a1b2c3d4e"),
            CancellationToken.None);

        sid.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_alert_call_we_place_is_accepted_by_Twilios_API_description()
    {
        var sid = await Twilio.PlaceCallAsync("+447700900200", TwilioProvider.Spoken("CERS alert.", new Uri("https://cers.example.org/twilio/voice/alarms/keypress")), CancellationToken.None);

        sid.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Asking_whether_Twilio_took_an_SMS_that_got_no_answer_is_a_request_Twilios_API_description_accepts()
    {
        try
        {
            await Twilio.FindSmsAsync("+447700900123", "CERS emergency cover needed now.", new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc), CancellationToken.None);
        }
        catch (TwilioRequestFailedException answer)
        {
            // Prism checks the request first and refuses a wrong one with 422. It then cannot build a valid list itself
            // (the description's examples give page URIs its own "uri" format rejects), and says so with a 500 naming
            // only its response.
            answer.Status.Should().Be(System.Net.HttpStatusCode.InternalServerError, answer.Message);
            answer.Message.Should().Contain("\"location\":[\"response\"").And.NotContain("\"location\":[\"request\"");
        }
    }

    [Fact]
    public async Task A_message_without_To_is_rejected_with_422()
    {
        var broken = () => Twilio.CallAsync(
            client => MessageResource.CreateAsync(new CreateMessageOptions(to: null!) { From = new PhoneNumber("+443300000247"), Body = "no recipient" }, client),
            CancellationToken.None);

        (await broken.Should().ThrowAsync<TwilioRequestFailedException>()).Which.Status.Should().Be(System.Net.HttpStatusCode.UnprocessableEntity);
    }

    public void Dispose() => host.Dispose();

    private static IHost BuildClientHost(Uri prismUrl)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = RosteringFixture.AccountSid,
            ["Twilio:AuthToken"] = RosteringFixture.AuthToken,
            ["Twilio:ApiBaseUrl"] = prismUrl.ToString(),
            ["Twilio:FromNumber"] = RosteringFixture.OurNumber,
        });
        builder.AddTwilioApi();
        return builder.Build();
    }
}
