using System.Net;

namespace Cers.Dispatch.Console.IntegrationTests;

[Collection(ConsoleCollection.Name)]
public sealed class HandoverFormsTests(ConsoleFixture system)
{
    [Fact]
    public async Task A_sign_off_posted_from_another_site_without_the_page_s_antiforgery_token_is_refused()
    {
        using var supervisor = await system.SupervisorAsync();

        using var forged = await supervisor.PostAsync($"/handovers/{Guid.NewGuid()}/sign-off", new FormUrlEncodedContent(new Dictionary<string, string> { ["comment"] = "ok" }));

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the form carried no antiforgery token (rostering, unreachable here, was never asked: that would be a 502 page)");
    }

    [Fact]
    public async Task Coordinators_cannot_sign_off_handovers()
    {
        using var coordinator = await system.CoordinatorAsync();

        (await coordinator.GetAsync("/handovers")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await coordinator.PostAsync($"/handovers/{Guid.NewGuid()}/sign-off", new FormUrlEncodedContent([]))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task When_rostering_cannot_be_reached_the_page_says_so_rather_than_showing_an_empty_list()
    {
        using var supervisor = await system.SupervisorAsync();

        using var response = await supervisor.GetAsync("/handovers");
        var page = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Should().Contain("Rostering could not be reached just now").And.NotContain("No handovers are waiting");
    }
}
