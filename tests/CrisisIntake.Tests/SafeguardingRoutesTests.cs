using Cers.Dispatch.CrisisIntake.Activations.Safeguarding;

namespace Cers.Dispatch.CrisisIntake.Tests;

public sealed class SafeguardingRoutesTests
{
    private static readonly SafeguardingOptions Options = new()
    {
        Lead = Contact("Safeguarding lead", "+447700900555"),
        Areas = new(StringComparer.OrdinalIgnoreCase)
        {
            ["CB"] = new() { AdultSocialCare = Contact("Cambridgeshire adult social care", "+443450455202"), ChildrenAdvice = Contact("Cambridgeshire children's front door", "+443450455203") },
            ["Default"] = new() { AdultSocialCare = Contact("Adult social care (out of area)", "+443000000001"), ChildrenAdvice = Contact("Children's services (out of area)", "+443000000002") },
        },
    };

    [Fact]
    public void Someone_in_immediate_danger_is_always_999_whatever_the_area() =>
        Options.RouteFor(immediateDanger: true, SafeguardingSubject.Child, "CB4 Cambridge").Phone.Should().Be("999");

    [Fact]
    public void A_concern_about_a_child_goes_to_the_areas_childrens_advice_service() =>
        Options.RouteFor(false, SafeguardingSubject.Child, "CB4 Cambridge").Name.Should().Be("Cambridgeshire children's front door");

    [Fact]
    public void A_concern_about_an_adult_goes_to_the_areas_adult_social_care() =>
        Options.RouteFor(false, SafeguardingSubject.Adult, "cb1 Cambridge").Name.Should().Be("Cambridgeshire adult social care");

    [Theory]
    [InlineData("PE1 Peterborough")]
    [InlineData(null)]
    public void An_area_without_routes_of_its_own_uses_the_default(string? area) =>
        Options.RouteFor(false, SafeguardingSubject.Adult, area).Name.Should().Be("Adult social care (out of area)");

    [Fact]
    public void With_no_route_configured_at_all_the_lead_is_the_route()
    {
        var bare = new SafeguardingOptions { Lead = Contact("Lead", "+447700900555") };

        bare.RouteFor(false, SafeguardingSubject.Adult, "CB4").Phone.Should().Be("+447700900555");
    }

    private static ContactOptions Contact(string name, string phone) => new() { Name = name, Phone = phone };
}
