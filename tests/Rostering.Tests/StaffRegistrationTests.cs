using Cers.Dispatch.Rostering.Dispatches.Texting;
using Cers.Dispatch.Rostering.Staff.Registering;
using Cers.Dispatch.ServiceDefaults.Phones;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class StaffRegistrationTests
{
    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("+44 7700 900123", "+447700900123")]
    [InlineData("(07700) 900-123", "+447700900123")]
    public void UK_mobile_numbers_are_stored_in_E164(string typed, string stored) => UkPhoneNumbers.MobileToE164(typed).Should().Be(stored);

    [Theory]
    [InlineData("01632 960123")]
    [InlineData("12345")]
    [InlineData("call me")]
    public void Numbers_that_cannot_take_an_SMS_are_refused(string typed) => UkPhoneNumbers.MobileToE164(typed).Should().BeNull();

    [Fact]
    public void A_registration_with_every_field_wrong_names_every_field()
    {
        var request = new RegisterStaffRequest("", "12", "nurse", ["flying"], [new TrainingRequest("juggling", "soon")], "2026-13-01", ["English!"],
            new LocationRequest(91, 200), null, null);

        var (registered, errors) = RegisterStaffSlice.Validate(request, Guid.NewGuid(), Instant.FromUtc(2026, 11, 25, 9, 0));

        registered.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("name", "phone", "role", "skills[0]", "training[0].skill", "training[0].expiresOn",
            "dbsCheckExpiresOn", "languages[0]", "homeBase.latitude", "homeBase.longitude", "registeredBy");
    }

    [Fact]
    public void A_care_worker_needs_a_DBS_date_and_a_home_base()
    {
        var request = new RegisterStaffRequest("Asha Patel", "07700900123", "care-worker", ["personal-care"], [], null, null, null, true, "coordinator");

        var (_, errors) = RegisterStaffSlice.Validate(request, Guid.NewGuid(), Instant.FromUtc(2026, 11, 25, 9, 0));

        errors.Keys.Should().BeEquivalentTo("dbsCheckExpiresOn", "homeBase");
    }

    [Theory]
    [InlineData("YES K7QF", SmsVerb.Yes, "K7QF")]
    [InlineData(" yes k7qf. ", SmsVerb.Yes, "K7QF")]
    [InlineData("No K7QF", SmsVerb.No, "K7QF")]
    [InlineData("YES", SmsVerb.Yes, null)]
    [InlineData("Arrived", SmsVerb.Arrived, null)]
    [InlineData("LEFT", SmsVerb.Left, null)]
    [InlineData("what is this?", SmsVerb.Unknown, null)]
    public void SMS_replies_are_read_as_people_type_them(string body, SmsVerb verb, string? code) =>
        SmsCommandParser.Parse(body).Should().Be(new SmsCommand(verb, code));
}
