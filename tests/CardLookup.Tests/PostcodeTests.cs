using Cers.Dispatch.CardLookup.Common;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class PostcodeTests
{
    [Theory]
    [InlineData("ls6 2ab", "LS6 2AB")]
    [InlineData("  SW1A   1AA ", "SW1A 1AA")]
    [InlineData("g128qq", "G12 8QQ")]
    [InlineData("M1 1AE", "M1 1AE")]
    public void Postcodes_are_kept_in_upper_case_with_one_space(string text, string normalised) =>
        Postcodes.Normalise(text).Should().Be(normalised);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("LS6")]
    [InlineData("12345")]
    [InlineData("LS6 2A")]
    public void Text_that_is_not_a_postcode_is_refused(string? text) =>
        Postcodes.Normalise(text).Should().BeNull();

    [Theory]
    [InlineData("AB24 3FX", Nations.Scotland)]
    [InlineData("DD4 6PL", Nations.Scotland)]
    [InlineData("DG1 2BD", Nations.Scotland)]
    [InlineData("EH6 4QU", Nations.Scotland)]
    [InlineData("FK1 1AA", Nations.Scotland)]
    [InlineData("G12 8QQ", Nations.Scotland)]
    [InlineData("HS1 2AA", Nations.Scotland)]
    [InlineData("IV2 3BW", Nations.Scotland)]
    [InlineData("KA1 1AA", Nations.Scotland)]
    [InlineData("KW15 1AA", Nations.Scotland)]
    [InlineData("KY1 1AA", Nations.Scotland)]
    [InlineData("ML1 1AA", Nations.Scotland)]
    [InlineData("PA1 1AA", Nations.Scotland)]
    [InlineData("PH1 1AA", Nations.Scotland)]
    [InlineData("TD1 1AA", Nations.Scotland)]
    [InlineData("ZE1 0AA", Nations.Scotland)]
    [InlineData("BT9 6AA", Nations.NorthernIreland)]
    [InlineData("BT48 7AA", Nations.NorthernIreland)]
    [InlineData("GL1 1AA", Nations.EnglandAndWales)]
    [InlineData("GU1 1AA", Nations.EnglandAndWales)]
    [InlineData("CF24 3AA", Nations.EnglandAndWales)]
    [InlineData("LS6 2AB", Nations.EnglandAndWales)]
    [InlineData("E8 1AA", Nations.EnglandAndWales)]
    [InlineData("TN1 1AA", Nations.EnglandAndWales)]
    public void The_nation_follows_the_postcode_area(string postcode, string nation) =>
        Postcodes.Nation(postcode).Should().Be(nation);

    [Fact]
    public void The_district_is_the_outward_code() => Postcodes.District("SW1A 1AA").Should().Be("SW1A");
}
