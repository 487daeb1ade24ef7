using System.Text.Json;
using Cers.Dispatch.Console.Backends;
using Microsoft.AspNetCore.Mvc;

namespace Cers.Dispatch.Console.Handovers;

/// <summary>
/// Handovers between care workers, waiting for a supervisor to sign them off or query them. Rostering keeps them and
/// records the decision with the supervisor's name (the call carries the person signed in).
/// </summary>
public static class HandoversPage
{
    public const int MaxCommentLength = 2000;

    private static readonly (string Status, string Label)[] Filters =
    [
        ("awaiting-sign-off", "Awaiting sign-off"),
        ("queried", "Queried"),
        ("signed-off", "Signed off"),
        ("all", "All"),
    ];

    public static async Task<IResult> Handle(string? status, string? done, Guid? handover, RosteringClient rostering, CancellationToken cancellationToken)
    {
        var filter = status ?? "awaiting-sign-off";
        if (!Filters.Any(f => f.Status == filter))
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = [$"One of {string.Join(", ", Filters.Select(f => f.Status))}."] },
                title: "Which handovers to show is not valid.");
        }

        var notice = done is not null && handover is { } id ? await Notice(rostering, id, done, cancellationToken) : null;
        return await Render(rostering, filter, notice, problem: null, failed: null, StatusCodes.Status200OK, cancellationToken);
    }

    public static async Task<IResult> SignOff(Guid id, [FromForm] string? comment, RosteringClient rostering, CancellationToken cancellationToken)
    {
        if (comment?.Length > MaxCommentLength)
        {
            return await Render(rostering, "awaiting-sign-off", null, $"The comment is longer than {MaxCommentLength} characters; nothing was signed off.", new(id, "sign-off", comment), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var answer = await rostering.PostAsync($"/handovers/{id}/sign-off", new { comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim() }, cancellationToken);
        return answer.Ok
            ? Results.Redirect($"/handovers?done=signed-off&handover={id}", permanent: false, preserveMethod: false)
            : await Render(rostering, "awaiting-sign-off", null, answer.Problem, new(id, "sign-off", comment), StatusFor(answer), cancellationToken);
    }

    public static async Task<IResult> Query(Guid id, [FromForm] string? comment, RosteringClient rostering, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment) || comment.Length > MaxCommentLength)
        {
            var why = string.IsNullOrWhiteSpace(comment)
                ? "Say what needs answering: a query needs a comment. Nothing was sent."
                : $"The comment is longer than {MaxCommentLength} characters; nothing was sent.";
            return await Render(rostering, "awaiting-sign-off", null, why, new(id, "query", comment), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var answer = await rostering.PostAsync($"/handovers/{id}/query", new { comment = comment.Trim() }, cancellationToken);
        return answer.Ok
            ? Results.Redirect($"/handovers?done=queried&handover={id}")
            : await Render(rostering, "awaiting-sign-off", null, answer.Problem, new(id, "query", comment), StatusFor(answer), cancellationToken);
    }

    /// <summary>A form that was turned back, so the page can show why next to it and keep what was typed.</summary>
    private sealed record Failed(Guid HandoverId, string Form, string? Comment);

    private static int StatusFor(ServiceAnswer answer) => answer.Status is >= 400 and < 500 ? answer.Status : StatusCodes.Status502BadGateway;

    private static async Task<string?> Notice(RosteringClient rostering, Guid id, string done, CancellationToken cancellationToken)
    {
        var h = await rostering.GetJsonAsync($"/handovers/{id}", cancellationToken);
        var what = h is { } found ? $"the handover from {Name(found, "outgoingWorker")} ({found.UkTime("handedOverAt")})" : "the handover";
        return done switch
        {
            "signed-off" => $"You signed off {what}.",
            "queried" => $"You queried {what}; it is listed under Queried until it is signed off.",
            _ => null,
        };
    }

    private static async Task<IResult> Render(RosteringClient rostering, string filter, string? notice, string? problem, Failed? failed, int statusCode, CancellationToken cancellationToken)
    {
        var answer = await rostering.GetAsync($"/handovers?status={filter}", cancellationToken);
        var handovers = answer is { Ok: true, Body: { ValueKind: JsonValueKind.Array } list } ? list.EnumerateArray().ToList() : null;
        var tabs = string.Concat(Filters.Select(f =>
            $"""<a href="/handovers?status={f.Status}"{(f.Status == filter ? " aria-current=\"page\"" : "")}>{Html.E(f.Label)}</a>"""));
        var listing = handovers switch
        {
            null => Html.Problem(answer.Problem ?? "Rostering did not answer."),
            [] => $"<p id=\"none\">{(filter == "awaiting-sign-off" ? "No handovers are waiting for sign-off." : "No handovers here.")}</p>",
            _ => string.Concat(handovers.Select(h => Card(h, failed, failed is not null && h.Text("handoverId") == failed.HandoverId.ToString() ? problem : null))),
        };
        var unplaced = failed is not null && handovers?.Any(h => h.Text("handoverId") == failed.HandoverId.ToString()) != true ? Html.Problem(problem) : "";
        var body = $"""
            <link rel="stylesheet" href="/css/supervision.css">
            <h1>Handovers</h1>
            <p class="meta">When one care worker hands over to another, a supervisor reads the notes and signs them off, or queries them with a comment.
              Rostering records who decided and when. Oldest first; times are UK time.</p>
            <nav class="filters" aria-label="Which handovers">{tabs}</nav>
            {Html.Notice(notice)}{unplaced}
            {listing}
            """;
        return Html.Page("Handovers", body, statusCode: statusCode);
    }

    private static string Card(JsonElement h, Failed? failed, string? problem)
    {
        var id = h.Text("handoverId") ?? "";
        var status = h.Text("status") ?? "";
        string? Typed(string form) => failed is not null && failed.HandoverId.ToString() == id && failed.Form == form ? failed.Comment : null;
        var decision = status switch
        {
            "signed-off" => $"""<p class="status-signed-off">Signed off by {Html.E(h.Text("reviewedBy"))}, {Html.E(h.UkTime("reviewedAt"))}{Comment(h)}</p>""",
            "queried" => $"""<p class="status-queried">Queried by {Html.E(h.Text("reviewedBy"))}, {Html.E(h.UkTime("reviewedAt"))}{Comment(h)}</p>""",
            _ => "",
        };
        var actions = status == "signed-off" ? "" : $"""
            <div class="decide">
              {Html.Form($"/handovers/{id}/sign-off", $"""
                <label class="visually-hidden" for="sign-off-{Html.E(id)}">Comment (optional)</label>
                <textarea id="sign-off-{Html.E(id)}" name="comment" maxlength="{MaxCommentLength}" placeholder="Comment (optional)">{Html.E(Typed("sign-off"))}</textarea>
                <button type="submit" class="primary">Sign off</button>
                """, "sign-off")}
              {Html.Form($"/handovers/{id}/query", $"""
                <label class="visually-hidden" for="query-{Html.E(id)}">What needs answering (required)</label>
                <textarea id="query-{Html.E(id)}" name="comment" maxlength="{MaxCommentLength}" required placeholder="What needs answering (required)">{Html.E(Typed("query"))}</textarea>
                <button type="submit">Query</button>
                """, "query")}
            </div>
            """;
        var activation = h.Text("activationId");
        return $"""
            <article class="handover" data-handover="{Html.E(id)}" data-status="{Html.E(status)}">
              <h2>{Html.E(Name(h, "outgoingWorker"))} → {Html.E(h.Field("incomingWorker") is null ? "no one yet" : Name(h, "incomingWorker"))}</h2>
              <p class="meta">Handed over {Html.E(h.UkTime("handedOverAt"))}{Html.E(Via(h))} · <a href="/activations/{Html.E(activation)}/audit">activation audit trail</a></p>
              <blockquote>{Html.E(h.Text("notes"))}</blockquote>
              {decision}
              {Html.Problem(problem)}
              {actions}
            </article>
            """;
    }

    private static string Via(JsonElement h) => h.Text("recordedVia") switch
    {
        "sms" => " by text message",
        "plan-link" => " on the plan link",
        "coordinator" => $", phoned in and typed by {h.Text("recordedBy")}",
        _ => "",
    };

    private static string Comment(JsonElement h) => h.Text("reviewComment") is { } c ? $": “{Html.E(c)}”" : "";

    private static string Name(JsonElement h, string worker) => h.Field(worker)?.Text("name") ?? "a care worker";
}
