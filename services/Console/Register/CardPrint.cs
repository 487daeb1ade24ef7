using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;

namespace Cers.Dispatch.Console.Register;

/// <summary>
/// The yellow card as card lookup draws it for printing (85.6 mm × 54 mm), fetched as the administrator signed in:
/// the browser cannot ask card lookup itself. The card's own style block is let through the console's
/// Content-Security-Policy by its hash, and nothing else of it is changed.
/// </summary>
public static class CardPrint
{
    public static async Task<IResult> Handle(string cardNumber, HttpContext http, CardLookupClient cards, CancellationToken ct)
    {
        var (answer, html) = await cards.GetTextAsync($"/cards/{Uri.EscapeDataString(cardNumber)}/print", ct);
        if (html is null)
        {
            return Pages.Render<MessagePage>(
                new { Title = "Print card", Heading = "This card cannot be printed", Words = answer.Problem },
                answer.Status is 0 or StatusCodes.Status200OK ? StatusCodes.Status502BadGateway : answer.Status);
        }

        // The browser hashes a style block with its line ends made LF; so does the policy.
        var page = html.ReplaceLineEndings("\n");
        SecurityHeaders.AllowInlineStylesOf(http, page);
        return Results.Content(page, "text/html; charset=utf-8");
    }
}
