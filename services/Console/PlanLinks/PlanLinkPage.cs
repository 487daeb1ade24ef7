using Cers.Dispatch.Console.Activations.DoorDetails;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using NodaTime;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.Console.PlanLinks;

/// <summary>Binds <c>Console:PlanLinks:*</c>.</summary>
public sealed class PlanLinkOptions
{
    public const string Section = "Console:PlanLinks";

    /// <summary>The coordinators' 24/7 number, given to a worker whose link has run out.</summary>
    public string? CoordinatorPhone { get; set; }
}

/// <summary>What rostering answers for a plan link (GET /plan-links/{token}).</summary>
public sealed record PlanLinkShown(
    Guid ActivationId, Guid WorkerId, string? WorkerName, string? Area, Instant? ValidUntil, string? CoverState, DoorDetails? DoorDetails,
    string? DoorDetailsUnavailableReason);

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
        return answer is { Ok: true } && answer.As<PlanLinkShown>() is { } plan
            ? Pages.Render<PlanLinkView>(new { Plan = plan, Token = token })
            : Unavailable(answer, options.Value);
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

        return answer.Ok
            ? Pages.Render<PlanLinkAnswered>(new { Title = "Your cover", Done = done, Token = token })
            : Pages.Render<PlanLinkAnswered>(
                new
                {
                    Title = "Your cover", answer.Problem, Token = token, CoordinatorPhone = Phone(options),
                    Advice = "If it keeps failing, phone the coordinator", AdviceEnd = " or text the same by SMS.",
                },
                answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status);
    }

    private static IResult Unavailable(ServiceAnswer answer, PlanLinkOptions options)
    {
        var expired = answer.Status is StatusCodes.Status404NotFound or StatusCodes.Status410Gone;
        return expired
            ? Pages.Render<PlanLinkAnswered>(
                new
                {
                    Title = "Link expired", Heading = "This link has expired",
                    Problem = "The link is no longer valid (links end when the cover ends, or after their time).",
                    Advice = "Phone the coordinator", AdviceEnd = " for what you need.", CoordinatorPhone = Phone(options),
                },
                StatusCodes.Status410Gone)
            : Pages.Render<PlanLinkAnswered>(
                new
                {
                    Title = "Plan unavailable", Heading = "The plan cannot be shown just now", answer.Problem,
                    Advice = "Try again in a moment, or phone the coordinator", AdviceEnd = ".", CoordinatorPhone = Phone(options),
                },
                answer.Status is 0 or < 400 ? StatusCodes.Status502BadGateway : answer.Status);
    }

    private static string? Phone(PlanLinkOptions options) => options.CoordinatorPhone is { Length: > 0 } phone ? phone : null;

    private static string Path(string token) => $"/plan-links/{Uri.EscapeDataString(token)}";

    /// <summary>
    /// Where the worker's phone connected from. Only the connection's own address: an X-Forwarded-For the phone sent
    /// could say anything. Behind a reverse proxy, ASP.NET Core's forwarded-headers middleware (with the proxy named as
    /// known) puts the phone's address here.
    /// </summary>
    private static string? ForwardedFor(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null;
}
