using Cers.Dispatch.ServiceDefaults.Phones;

namespace Cers.Dispatch.CardLookup.Tests;

/// <remarks>
/// Numbers from Ofcom's ranges for drama, which are never allocated: 07700 900xxx, 01632 960xxx, 0808 157 0xxx and the
/// city ranges such as 0113 496 0xxx. The first three the numbering metadata refuses; they are accepted by name.
/// </remarks>
public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("020 7946 0123", "+442079460123")]
    [InlineData("+44 20 7946 0123", "+442079460123")]
    [InlineData("0161 496 0999", "+441614960999")]
    [InlineData("0113 496 0000", "+441134960000")]
    [InlineData("(0113) 496-0000", "+441134960000")]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("01632 960123", "+441632960123")]
    [InlineData("0808 157 0000", "+448081570000")]
    [InlineData("07911 123456", "+447911123456")]
    [InlineData("01223 496070", "+441223496070")]
    [InlineData("0300 123 4567", "+443001234567")]
    [InlineData("+353 1 234 5678", "+35312345678")]
    public void Numbers_written_any_usual_way_are_stored_in_E164(string text, string e164) =>
        UkPhoneNumbers.ToE164(text).Should().Be(e164);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("not a number")]
    [InlineData("0770090012")]
    [InlineData("07700 9001234")]
    [InlineData("01223 496 0700")]
    public void Numbers_that_cannot_be_dialled_are_refused(string? text) =>
        UkPhoneNumbers.ToE164(text).Should().BeNull();

    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("07911 123456", "+447911123456")]
    public void Mobiles_can_take_an_SMS(string text, string e164) =>
        UkPhoneNumbers.MobileToE164(text).Should().Be(e164);

    [Theory]
    [InlineData("01632 960123")]
    [InlineData("020 7946 0123")]
    [InlineData("0808 157 0000")]
    public void Landlines_and_freephone_numbers_cannot(string text) =>
        UkPhoneNumbers.MobileToE164(text).Should().BeNull();

    [Theory]
    [InlineData("+447700900123", "07700 900123")]
    [InlineData("+442079460123", "020 7946 0123")]
    [InlineData("+441134960000", "0113 496 0000")]
    [InlineData("+441632960123", "01632 960123")]
    [InlineData("+448081570000", "0808 157 0000")]
    [InlineData("+35312345678", "+353 1 234 5678")]
    [InlineData("ext. 42", "ext. 42")]
    public void Stored_numbers_are_shown_the_UK_way(string stored, string shown) =>
        UkPhoneNumbers.Show(stored).Should().Be(shown);
}
