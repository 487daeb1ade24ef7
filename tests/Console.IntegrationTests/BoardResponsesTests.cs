using System.Net;

namespace Cers.Dispatch.Console.IntegrationTests;

[Collection(ConsoleCollection.Name)]
public sealed class BoardResponsesTests(ConsoleFixture system)
{
    [Fact]
    public async Task I_have_this_posted_from_another_site_without_the_boards_antiforgery_token_is_refused_and_paging_goes_on()
    {
        using var coordinator = await system.CoordinatorAsync();

        using var forged = await coordinator.PostAsync($"/alarms/{Guid.NewGuid()}/acknowledge", new FormUrlEncodedContent([]));

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest, "the form carried no antiforgery token, so rostering was never asked to stop the paging");
    }

    [Theory]
    [InlineData("/board/alarms")]
    [InlineData("/board/rows")]
    [InlineData("/api/board")]
    public async Task The_boards_fragments_and_its_JSON_carry_the_headers_every_console_page_does(string path)
    {
        using var coordinator = await system.CoordinatorAsync();

        using var response = await coordinator.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue("they name people and activations");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
    }
}
