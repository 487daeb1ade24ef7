using Cers.Dispatch.CardLookup.Common;

namespace Cers.Dispatch.CardLookup.Tests;

/// <remarks>Numbers from Ofcom's ranges for drama (the 07700 900 mobile range is not dialable, so libphonenumber refuses it too).</remarks>
public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("020 7946 0123", "+442079460123")]
    [InlineData("+44 20 7946 0123", "+442079460123")]
    [InlineData("0161 496 0999", "+441614960999")]
    [InlineData("0113 496 0000", "+441134960000")]
    [InlineData("(0113) 496-0000", "+441134960000")]
    [InlineData("+353 1 234 5678", "+35312345678")]
    public void Numbers_written_any_usual_way_are_stored_in_E164(string text, string e164) =>
        PhoneNumberText.ToE164(text).Should().Be(e164);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("not a number")]
    [InlineData("0770090012")]
    [InlineData("07700 900123")]
    public void Numbers_that_cannot_be_dialled_are_refused(string? text) =>
        PhoneNumberText.ToE164(text).Should().BeNull();
}
