using System.Text.Json;
using Cers.Dispatch.Console.Activations.DoorDetails;
using Cers.Dispatch.Console.Backends;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.Console.PlanLinks;

/// <summary>Binds <c>Console:PlanLinks:*</c>.</summary>
public sealed class PlanLinkOptions
{
    public const string Section = "Console:PlanLinks";

    /// <summary>The coordinators' 24/7 number, given to a worker whose link has run out.</summary>
    public string? CoordinatorPhone { get; set; }
}

/// <summary>
/// The page a care worker opens from the link in their SMS, on a phone at the door: the plan and the door details,
/// and buttons for arriving, leaving and handover notes. The token in the address is the credential; rostering checks
/// it (and records each opening with where it was opened from), so the console serves the page without a sign-in.
/// </summary>
public static class PlanLinkPage
{
    public static async Task<IResult> Show(string token, HttpContext http, RosteringClient rostering, IOptions<PlanLinkOptions> options, CancellationToken ct)
    {
        var answer = await rostering.SendForVisitorAsync(HttpMethod.Get, Path(token), null, ForwardedFor(http), UserAgent(http), ct);
        if (answer is not { Ok: true, Body: { } plan })
        {
            return Unavailable(answer, options.Value);
        }

        var state = plan.Text("coverState");
        var door = plan.Field("doorDetails") is { ValueKind: JsonValueKind.Object } details
            ? $"""<section class="door-details">{DoorDetailsHtml.Render(details)}</section>"""
            : $"""<p class="problem" role="alert">{Html.E(plan.Text("doorDetailsUnavailableReason") ?? "The door details cannot be shown just now.")} Phone the coordinator.</p>""";
        var actions = state switch
        {
            "accepted" => Html.Form($"/plan/{Uri.EscapeDataString(token)}/arrived", """<button type="submit" class="big">I have arrived</button>"""),
            "on-site" => $"""
                {Html.Form($"/plan/{Uri.EscapeDataString(token)}/handover-notes", """
                  <label>Handover notes <textarea name="notes" rows="5" required maxlength="4000"></textarea></label>
                  <button type="submit" class="big">Send handover notes</button>
                  """)}
                {Html.Form($"/plan/{Uri.EscapeDataString(token)}/left", """<button type="submit" class="big secondary">I have left</button>""")}
                """,
            _ => "<p>Your visit has ended. Thank you.</p>",
        };
        var body = $"""
            <h1>Cover in {Html.E(plan.Text("area"))}</h1>
            <p>For {Html.E(plan.Text("workerName"))}. This link works until {Html.E(plan.UkTime("validUntil"))}; do not share it.</p>
            <div class="actions">{actions}</div>
            {door}
            """;
        return Html.PlainPage("Your cover", body);
    }

    public static Task<IResult> Arrived(string token, IFormCollection form, HttpContext http, RosteringClient rostering, IOptions<PlanLinkOptions> options, CancellationToken ct) =>
        ActAsync(token, "arrived", new { }, "Arrival recorded. The coordinator can see you are there.", http, rostering, options.Value, ct);

    public static Task<IResult> Left(string token, IFormCollection form, HttpContext http, RosteringClient rostering, IOptions<PlanLinkOptions> options, CancellationToken ct) =>
        ActAsync(token, "left", new { }, "Leaving recorded. Thank you.", http, rostering, options.Value, ct);

    public static Task<IResult> HandoverNotes(string token, IFormCollection form, HttpContext http, RosteringClient rostering, IOptions<PlanLinkOptions> options, CancellationToken ct) =>
        ActAsync(token, "handover-notes", new { notes = form["notes"].ToString() }, "Handover notes sent.", http, rostering, options.Value, ct);

    private static async Task<IResult> ActAsync(
        string token, string step, object body, string done, HttpContext http, RosteringClient rostering, PlanLinkOptions options, CancellationToken ct)
    {
        var answer = await rostering.SendForVisitorAsync(HttpMethod.Post, $"{Path(token)}/{step}", body, ForwardedFor(http), UserAgent(http), ct);
        if (answer.Status is StatusCodes.Status404NotFound or StatusCodes.Status410Gone)
        {
            return Unavailable(answer, options);
        }

        return Html.PlainPage("Your cover", $"""
            {(answer.Ok ? $"""<p class="notice" role="status">{Html.E(done)}</p>""" : $"{Html.Problem(answer.Problem)}<p>If it keeps failing, phone the coordinator{Phone(options)} or text the same by SMS.</p>")}
            <p><a class="button big" href="/plan/{Html.E(Uri.EscapeDataString(token))}">Back to the plan</a></p>
            """, answer.Ok ? StatusCodes.Status200OK : answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status);
    }

    private static IResult Unavailable(ServiceAnswer answer, PlanLinkOptions options)
    {
        var expired = answer.Status is StatusCodes.Status404NotFound or StatusCodes.Status410Gone;
        var body = expired
            ? $"""
              <h1>This link has expired</h1>
              <p class="problem" role="alert">The link is no longer valid (links end when the cover ends, or after their time).</p>
              <p>Phone the coordinator{Phone(options)} for what you need.</p>
              """
            : $"""
              <h1>The plan cannot be shown just now</h1>
              {Html.Problem(answer.Problem)}
              <p>Try again in a moment, or phone the coordinator{Phone(options)}.</p>
              """;
        return Html.PlainPage(expired ? "Link expired" : "Plan unavailable", body,
            expired ? StatusCodes.Status410Gone : answer.Status is 0 or < 400 ? StatusCodes.Status502BadGateway : answer.Status);
    }

    private static string Phone(PlanLinkOptions options) =>
        options.CoordinatorPhone is { Length: > 0 } phone ? $" on {Html.PhoneLink(phone)}" : "";

    private static string Path(string token) => $"/plan-links/{Uri.EscapeDataString(token)}";

    /// <summary>
    /// Where the worker's phone connected from. Only the connection's own address: an X-Forwarded-For the phone sent
    /// could say anything. Behind a reverse proxy, ASP.NET Core's forwarded-headers middleware (with the proxy named as
    /// known) puts the phone's address here.
    /// </summary>
    private static string? ForwardedFor(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;
}
