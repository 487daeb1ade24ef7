using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Registering;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class RegisterCarerTests
{
    private static RegisterCarerRequest Valid => new(
        "Asha", "Patel", "1979-05-02", new AddressRequest("14 Cardigan Road", null, "Leeds", "ls61lj", 53.8178, -1.5765),
        [new PhoneRequest("home", "0113 496 0001")], "English", "HUB-000123", true, "hub-staff");

    [Fact]
    public void A_complete_registration_stores_the_postcode_normalised_and_phones_in_E164()
    {
        var (command, errors) = RegisterCarerSlice.Validate(Valid, Demo.CarerId, Demo.Now);

        errors.Should().BeEmpty();
        command!.Details.Address.Postcode.Should().Be("LS6 1LJ");
        command.Details.Phones.Should().Equal(new Phone("home", "+441134960001"));
        command.Area.Should().Be("LS6 Leeds");
    }

    [Fact]
    public void A_phone_left_as_null_in_the_list_is_named_by_its_place_not_a_crash()
    {
        var (command, errors) = RegisterCarerSlice.Validate(Valid with { Phones = [new PhoneRequest("home", "0113 496 0001"), null!] }, Demo.CarerId, Demo.Now);

        command.Should().BeNull();
        errors.Should().ContainKey("phones[1]").WhoseValue.Should().Equal("Required.");
    }

    [Fact]
    public void The_registration_is_stored_sealed_with_only_the_area_in_clear()
    {
        var (command, _) = RegisterCarerSlice.Validate(Valid, Demo.CarerId, Demo.Now);

        var registered = RegisterCarerSlice.Decide(command!, hubReferenceTaken: false, Demo.Key);

        registered.Details.Envelope.Should().StartWith("pd1.").And.NotContain("Patel").And.NotContain("Cardigan");
        registered.Area.Should().Be("LS6 Leeds");
        registered.Nation.Should().Be("england-and-wales");
        Demo.Key.Open(registered.Details).Should().BeEquivalentTo(command!.Details);
    }

    [Fact]
    public void A_hub_reference_already_registered_is_refused()
    {
        var (command, _) = RegisterCarerSlice.Validate(Valid, Demo.CarerId, Demo.Now);

        var registering = () => RegisterCarerSlice.Decide(command!, hubReferenceTaken: true, Demo.Key);

        registering.Should().Throw<Common.DomainRuleViolated>().WithMessage("*HUB-000123*");
    }

    [Fact]
    public void Every_wrong_field_is_named()
    {
        var request = new RegisterCarerRequest(
            " ", null, "02/05/1979", new AddressRequest(null, null, "Leeds", "nowhere", 40.7, -74.0),
            [new PhoneRequest(null, "12345")], null, null, null, null);

        var (command, errors) = RegisterCarerSlice.Validate(request, Demo.CarerId, Demo.Now);

        command.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo(
            "firstName", "lastName", "dateOfBirth", "address.line1", "address.postcode", "address.latitude", "address.longitude",
            "phones[0].number", "preferredLanguage", "hubReference", "consentToSharePlan", "registeredBy");
    }

    [Fact]
    public void A_carer_needs_at_least_one_phone_number() =>
        RegisterCarerSlice.Validate(Valid with { Phones = [] }, Demo.CarerId, Demo.Now).Errors.Keys.Should().BeEquivalentTo("phones");

    [Fact]
    public void The_search_key_ignores_case_and_extra_spaces_in_the_surname() =>
        Carer.SearchKeyFor(" van  der Berg ", new LocalDate(1980, 1, 2), "G12 8QQ").Should().Be("VAN DER BERG|1980-01-02|G12 8QQ");
}
