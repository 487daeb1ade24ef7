using System.Text.Json;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Phones;

namespace Cers.Dispatch.Console.Activations;

/// <summary>
/// One activation as the coordinator works it: what happened, who is cared for and what they need, which worker to
/// send, and the decisions to record. Everything comes from the services, asked on the coordinator's behalf.
/// </summary>
public static class ActivationPage
{
    /// <summary>What the page says after a decision went through (a fixed list, so nothing from the address is echoed).</summary>
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["opened"] = "Activation opened.",
        ["identified"] = "Carer identified: finding staff for their plan starts now.",
        ["attached"] = "This carer already had an open activation: the report was added to it, and nothing was dispatched twice.",
        ["note"] = "Note recorded.",
        ["offered"] = "Offer sent to the worker you chose.",
        ["longer-term-care"] = "Longer-term care recorded: the cover limit will no longer escalate.",
        ["closed"] = "Activation closed.",
    };

    public static Task<IResult> Handle(Guid id, string? asOf, string? done, HttpContext http, ConsoleBackends services, CancellationToken ct) =>
        RenderAsync(id, asOf, http, services, ct, notice: done is not null && Done.TryGetValue(done, out var words) ? words : null);

    /// <summary>
    /// The page, optionally with a refusal from a service over the form that was refused, with what was typed kept.
    /// </summary>
    public static async Task<IResult> RenderAsync(
        Guid id, string? asOf, HttpContext http, ConsoleBackends services, CancellationToken ct, string? notice = null, Refusal? refusal = null)
    {
        var (intake, rostering, cards) = (services.Intake, services.Rostering, services.Cards);
        var activationCall = intake.GetAsync($"/activations/{id}", ct);
        var timelineCall = intake.GetAsync(TimelinePath(id, asOf), ct);
        var dispatchCall = rostering.GetAsync($"/dispatches/{id}", ct);
        var candidatesCall = rostering.GetAsync($"/dispatches/{id}/candidates", ct);
        var activation = await activationCall;
        if (activation is not { Ok: true, Body: { } a })
        {
            return activation.Status == StatusCodes.Status404NotFound
                ? Html.Page("Not found", $"<h1>No activation {Html.E(id)}</h1>", statusCode: StatusCodes.Status404NotFound)
                : Html.Page("Activation", $"<h1>Activation</h1>{Html.Problem(activation.Problem)}", statusCode: StatusCodes.Status502BadGateway);
        }

        var carerId = a.Text("carerId");
        var carerCall = carerId is null ? null : cards.GetAsync($"/carers/{carerId}", ct);
        var planCall = carerId is null ? null : cards.GetAsync($"/carers/{carerId}/plan", ct);
        var open = a.Text("status") != "Closed";
        var body = $"""
            <h1>Activation {Html.E(a.Text("cardNumber") ?? "without card")}</h1>
            {Html.Notice(notice)}
            {(refusal is null ? "" : Html.Problem(refusal.Problem))}
            {Summary(a)}
            {(open && a.Text("identification") is "NotIdentified" or "NotInUse" ? IdentifySection(id, refusal) : "")}
            {PlanSection(id, a, carerCall is null ? null : await carerCall, planCall is null ? null : await planCall, open)}
            {WorkerSection(id, await dispatchCall, await candidatesCall, open)}
            {(open ? DecisionsSection(id, refusal) : "")}
            {TimelineSection(id, asOf, await timelineCall, http)}
            """;
        return Html.Page("Activation", body, statusCode: refusal?.Status ?? StatusCodes.Status200OK);
    }

    private static string Summary(JsonElement a)
    {
        var identification = a.Text("identification") switch
        {
            "Verified" => a.Text("cardWorks") == "False" ? $"card verified, but it is {a.Text("cardStatus")?.ToLowerInvariant()}" : "card verified",
            "NotIdentified" => "card NOT identified: identify the carer",
            "NotInUse" => $"card {a.Text("cardStatus")?.ToLowerInvariant()}, NOT in use: confirm the carer before anyone is sent",
            _ => "awaiting card check",
        };
        var reporter = a.Field("reportedBy") is { } r
            ? $"{r.Text("name")} ({r.Text("agency")}){(r.Text("callBackNumber") is { } phone ? $", call back on {UkPhoneNumbers.Show(phone)}" : "")}"
            : null;
        return $"""
            <dl class="summary">
              <dt>Status</dt><dd>{Html.E(a.Text("status"))}, {Html.E(identification)}{(a.Text("outcome") is { } outcome ? $": {Html.E(outcome)} at {Html.E(a.UkTime("closedAt"))}" : "")}</dd>
              <dt>Opened</dt><dd>{Html.E(a.UkTime("openedAt"))}, {Html.E(Channel(a.Text("channel")))}{(a.Text("reports") is { } n && n != "1" ? $", {Html.E(n)} reports" : "")}</dd>
              <dt>Reason</dt><dd>{Html.E(a.Text("reason"))}</dd>
              <dt>Reported by</dt><dd>{Html.E(reporter ?? "unknown")}</dd>
              <dt>Area</dt><dd>{Html.E(a.Text("area") ?? "unknown")}</dd>
              <dt>Where the carer is</dt><dd>{Html.E(a.Text("carerLocation") ?? "not given")}</dd>
              <dt>Urgent notes</dt><dd>{Html.E(a.Text("urgentNotes") ?? "none")}</dd>
              {(a.Text("longerTermCare") is { } care ? $"<dt>Longer-term care</dt><dd>{Html.E(care)}</dd>" : "")}
            </dl>
            """;
    }

    private static string Channel(string? channel) => channel switch
    {
        "Phone" => "by phone",
        "PartnerApi" => "by a partner agency",
        "Console" => "by a coordinator",
        "PlannedCover" => "as planned cover",
        _ => channel ?? "",
    };

    /// <summary>
    /// Who is cared for and what they need, from the emergency plan, without anything that opens the door: the key-safe
    /// code and entry instructions are behind their own button, and card lookup records each view.
    /// </summary>
    private static string PlanSection(Guid id, JsonElement activation, ServiceAnswer? carerAnswer, ServiceAnswer? planAnswer, bool open)
    {
        if (carerAnswer is null)
        {
            return """<section id="plan"><h2>Plan summary</h2><p>The carer is not identified yet, so the plan cannot be shown.</p></section>""";
        }

        if (carerAnswer is not { Ok: true, Body: { } carer })
        {
            return $"""<section id="plan"><h2>Plan summary</h2>{Html.Problem(carerAnswer.Problem)}</section>""";
        }

        var caredFor = carer.Items("caredFor").Select(p =>
            $"<li><strong>{Html.E(p.PersonName())}</strong>, {Html.E(p.Text("relationship"))}, born {Html.E(p.Text("dateOfBirth"))}</li>");
        var plan = planAnswer is { Ok: true, Body: { } p } ? p : (JsonElement?)null;
        var needs = plan is { } pv ? string.Concat(pv.Items("people").Select(Needs)) : "";
        var medication = plan is { } pm ? pm.Items("medication").Select(m => $"{m.Text("name")} {m.Text("dose")} at {string.Join(", ", m.Words("times"))}").ToList() : [];
        var home = plan?.Field("homeAccess");
        var contacts = plan is { } pc ? pc.Items("emergencyContacts").Select(c => $"{c.Text("name")} ({c.Text("relationship")}) {UkPhoneNumbers.Show(c.Text("phone"))}").ToList() : [];
        var doorButton = open
            ? $"""<p class="no-print"><a class="button" href="/activations/{id}/door-details">Show door details (key safe, entry)</a> <small>Each view is recorded.</small></p>"""
            : "";
        return $"""
            <section id="plan">
              <h2>Plan summary</h2>
              <p class="cover-note">{Html.E(carer.Text("coverNote"))}</p>
              <dl class="summary">
                <dt>Carer</dt><dd>{Html.E(carer.PersonName())}, {Html.E(activation.Text("area") ?? carer.Text("area"))}</dd>
                <dt>Cared for</dt><dd><ul class="plain">{string.Concat(caredFor)}</ul></dd>
                {(plan is null ? $"<dt>Plan</dt><dd>{Html.E(planAnswer?.Problem ?? "No emergency plan recorded yet.")}</dd>" : $"""
                <dt>Skills needed</dt><dd>{Html.E(string.Join(", ", plan.Value.Words("requiredSkills")))}</dd>
                <dt>Medication</dt><dd>{Html.E(medication.Count == 0 ? "none" : string.Join("; ", medication))}</dd>
                <dt>Aids and equipment</dt><dd>{Html.E(string.Join(", ", plan.Value.Words("aidsAndEquipment")) is { Length: > 0 } aids ? aids : "none")}</dd>
                <dt>At the home</dt><dd>{Html.E(home is { } h ? $"Key safe {(h.Text("keySafeFitted") == "True" ? "fitted" : "not fitted")}. Pets: {h.Text("pets") ?? "none"}. Hazards: {h.Text("hazards") ?? "none"}. Access: {h.Text("accessibility") ?? "not recorded"}." : "not recorded")}</dd>
                <dt>Emergency contacts</dt><dd>{Html.E(contacts.Count == 0 ? "none" : string.Join("; ", contacts))}</dd>
                <dt>Plan</dt><dd>version {Html.E(plan.Value.Text("version"))}, review by {Html.E(plan.Value.Text("reviewDate"))}{(plan.Value.Text("overdueForReview") == "True" ? " <strong class=\"alert\">overdue for review</strong>" : "")}</dd>
                """)}
              </dl>
              {needs}
              {doorButton}
            </section>
            """;
    }

    private static string Needs(JsonElement person) => $"""
        <article class="person">
          <h3>{Html.E(person.PersonName())}</h3>
          <dl class="summary">
            <dt>Care needs</dt><dd>{Html.E(person.Text("careNeeds"))}</dd>
            {Line("Personal care", string.Join(", ", person.Words("personalCareTasks")))}
            {Line("Mobility", person.Text("mobility"))}
            {Line("Moving and handling", person.Text("movingAndHandling"))}
            {Line("Communication", person.Text("communication"))}
            {Line("Diet", person.Text("diet"))}
            {Line("Allergies", string.Join(", ", person.Words("allergies")))}
            {Line("Health conditions", string.Join(", ", person.Words("healthConditions")))}
          </dl>
        </article>
        """;

    private static string Line(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? "" : $"<dt>{Html.E(label)}</dt><dd>{Html.E(value)}</dd>";

    /// <summary>Rostering's ranking with its reasons: the coordinator offers to the first, or overrides it.</summary>
    private static string WorkerSection(Guid id, ServiceAnswer dispatchAnswer, ServiceAnswer candidatesAnswer, bool open)
    {
        if (dispatchAnswer is not { Ok: true, Body: { } dispatch })
        {
            return $"""<section id="worker"><h2>Care worker</h2>{(dispatchAnswer.Status == 404 ? "<p>Rostering has not started on this activation yet.</p>" : Html.Problem(dispatchAnswer.Problem))}</section>""";
        }

        var offers = dispatch.Items("offers").Select(o => $"""
            <li>{Html.E(o.Text("workerName"))}: {Html.E(o.Text("status"))}{(o.Text("closedWhy") is { } why ? $" ({Html.E(why)})" : "")},
              offered {Html.E(o.UkTime("madeAt"))}{(o.Text("chosenBy") is { } by ? $" by {Html.E(by)}" : "")}{(o.Text("status") == "Open" ? $", answer by {Html.E(o.UkTime("deadlineAt"))}" : "")}</li>
            """);
        var accepted = dispatch.Text("acceptedWorkerId") is not null;
        var canOffer = open && !accepted;
        var candidates = candidatesAnswer is { Ok: true, Body: { } c } ? c : (JsonElement?)null;
        var ranked = candidates?.Items("ranked") ?? [];
        var excluded = candidates?.Items("excluded") ?? [];
        var rows = ranked.Select(r => $"""
            <tr data-worker="{Html.E(r.Text("workerId"))}">
              <td>{Html.E(r.Text("rank"))}</td><td>{Html.E(r.Text("name"))}</td>
              <td>{Html.E(Km(r))}</td><td>{Html.E(Hours(r))}</td>
              <td>{Html.E(string.Join("; ", r.Words("reasons")))}</td>
              <td>{(canOffer ? OfferButton(id, r, "Offer") : "")}</td>
            </tr>
            """);
        var others = excluded.Select(x => $"""
            <tr data-worker="{Html.E(x.Text("workerId"))}">
              <td>{Html.E(x.Text("name"))}</td><td>{Html.E(string.Join("; ", x.Words("reasons")))}</td>
              <td>{(canOffer ? OfferButton(id, x, "Offer anyway") : "")}</td>
            </tr>
            """);
        return $"""
            <section id="worker">
              <h2>Care worker</h2>
              <p>Rostering: <strong>{Html.E(DispatchStatus(dispatch))}</strong>{(dispatch.Text("whyCarerUnknown") is { } why ? $" ({Html.E(why)})" : "")}</p>
              {(offers.Any() ? $"""<ol class="offers">{string.Concat(offers)}</ol>""" : "")}
              {(candidates is null ? Html.Problem(candidatesAnswer.Problem) : $"""
              {(candidates.Value.Text("note") is { } note ? $"<p class=\"meta\">{Html.E(note)}</p>" : "")}
              <h3>Candidates, best first</h3>
              <p class="meta">Skills needed: {Html.E(string.Join(", ", candidates.Value.Words("requiredSkills")) is { Length: > 0 } s ? s : "not known")}.
                Ranked by distance, then hours worked this week.</p>
              <table id="candidates">
                <thead><tr><th>#</th><th>Worker</th><th>Distance</th><th>Hours this week</th><th>Why</th><th></th></tr></thead>
                <tbody>{string.Concat(rows)}</tbody>
              </table>
              {(ranked.Count == 0 ? "<p>Nobody qualifies just now.</p>" : "")}
              {(excluded.Count == 0 ? "" : $"""
              <details class="excluded"><summary>Not ranked ({excluded.Count})</summary>
                <table id="excluded"><thead><tr><th>Worker</th><th>Why not</th><th></th></tr></thead><tbody>{string.Concat(others)}</tbody></table>
              </details>
              """)}
              """)}
            </section>
            """;
    }

    private static string OfferButton(Guid id, JsonElement worker, string label) =>
        Html.Form($"/activations/{id}/offers", $"""
            <input type="hidden" name="workerId" value="{Html.E(worker.Text("workerId"))}">
            <button type="submit">{Html.E(label)}</button>
            """, "inline");

    private static string Km(JsonElement r) =>
        r.Field("distanceKm") is { ValueKind: JsonValueKind.Number } km ? $"{km.GetDouble():0.0} km" : "";

    private static string Hours(JsonElement r) =>
        r.Field("hoursWorkedThisWeek") is { ValueKind: JsonValueKind.Number } h ? $"{h.GetDouble():0.#} h" : "";

    private static string DispatchStatus(JsonElement dispatch) => dispatch.Text("status") switch
    {
        "FindingStaff" => "finding staff",
        "AwaitingCarerIdentification" => "waiting for the carer to be identified",
        "Offered" => "offer out",
        "WorkerOnTheWay" => "worker on the way",
        "CoverInProgress" => "cover in progress",
        "Escalated" => $"escalated (level {dispatch.Text("escalationLevel")})",
        var other => other ?? "unknown",
    };

    /// <summary>
    /// The card was not identified: the coordinator finds out whose it is (calling the reporter back, say) and gives the
    /// card number, or the carer's surname, date of birth and postcode.
    /// </summary>
    private static string IdentifySection(Guid id, Refusal? refusal)
    {
        string Kept(string field) => refusal?.Form == "identify" ? Html.E(refusal.Values.GetValueOrDefault(field)) : "";
        return $"""
            <section id="identify" class="no-print">
              <h2>Identify the carer</h2>
              <div class="decisions">
              {Html.Form($"/activations/{id}/identification", $"""
                <h3>By card number</h3>
                <label>Card number <input name="cardNumber" inputmode="numeric" autocomplete="off" required maxlength="40" value="{Kept("cardNumber")}"></label>
                <button type="submit">Identify by card</button>
                """, "decision")}
              {Html.Form($"/activations/{id}/identification", $"""
                <h3>By the carer's details</h3>
                <label>Surname <input name="surname" autocomplete="off" required maxlength="200" value="{Kept("surname")}"></label>
                <label>Date of birth <input name="dateOfBirth" type="date" required value="{Kept("dateOfBirth")}"></label>
                <label>Postcode <input name="postcode" autocomplete="off" required maxlength="10" value="{Kept("postcode")}"></label>
                <button type="submit">Identify by details</button>
                """, "decision")}
              </div>
            </section>
            """;
    }

    private static string DecisionsSection(Guid id, Refusal? refusal)
    {
        string Kept(string form, string field) => refusal?.Form == form ? Html.E(refusal.Values.GetValueOrDefault(field)) : "";
        string Selected(string form, string field, string value) => refusal?.Form == form && refusal.Values.GetValueOrDefault(field) == value ? " selected" : "";
        string Options(string form, string field, IEnumerable<(string Value, string Label)> options) =>
            string.Concat(options.Select(o => $"""<option value="{o.Value}"{Selected(form, field, o.Value)}>{Html.E(o.Label)}</option>"""));

        return $"""
            <section id="decisions" class="no-print">
              <h2>Record</h2>
              <div class="decisions">
              {Html.Form($"/activations/{id}/notes", $"""
                <h3>A note</h3>
                <label>Note <textarea name="text" rows="3" required maxlength="2000">{Kept("note", "text")}</textarea></label>
                <button type="submit">Record note</button>
                """, "decision")}
              {Html.Form($"/activations/{id}/safeguarding-concerns", $"""
                <h3>A safeguarding concern</h3>
                <label>About <select name="subject">{Options("concern", "subject", [("Adult", "an adult"), ("Child", "a child")])}</select></label>
                <label>Kind of harm <select name="category">{Options("concern", "category", SafeguardingCategories)}</select></label>
                <label>What was seen or said, in the words used <textarea name="account" rows="4" required maxlength="8000">{Kept("concern", "account")}</textarea></label>
                <label class="check"><input type="checkbox" name="immediateDanger" value="true"> Someone is in immediate danger</label>
                <button type="submit">Raise concern</button>
                """, "decision")}
              {Html.Form($"/activations/{id}/longer-term-care", $"""
                <h3>Longer-term care arranged</h3>
                <label>By <select name="arrangement">{Options("longer-term-care", "arrangement", Arrangements)}</select></label>
                <label>Details <textarea name="details" rows="3" required maxlength="2000">{Kept("longer-term-care", "details")}</textarea></label>
                <button type="submit">Record arrangement</button>
                """, "decision")}
              {Html.Form($"/activations/{id}/close", $"""
                <h3>Close</h3>
                <label>Outcome <select name="outcome">{Options("close", "outcome", Outcomes)}</select></label>
                <label>Notes <textarea name="notes" rows="2" maxlength="2000">{Kept("close", "notes")}</textarea></label>
                <button type="submit">Close activation</button>
                """, "decision")}
              </div>
            </section>
            """;
    }

    internal static readonly (string Value, string Label)[] SafeguardingCategories =
    [
        ("Neglect", "neglect"), ("SelfNeglect", "self-neglect"), ("Physical", "physical"), ("Emotional", "emotional"),
        ("Financial", "financial"), ("Sexual", "sexual"), ("DomesticAbuse", "domestic abuse"), ("Discriminatory", "discriminatory"),
        ("ModernSlavery", "modern slavery"), ("Organisational", "organisational"), ("Other", "other"),
    ];

    internal static readonly (string Value, string Label)[] Arrangements =
    [
        ("Family", "family"), ("Friends", "friends"), ("SocialServices", "social services"), ("CarePackage", "a care package"), ("Other", "other"),
    ];

    internal static readonly (string Value, string Label)[] Outcomes =
    [
        ("LongerTermCareInPlace", "longer-term care in place"), ("CarerAbleToCareAgain", "the carer can care again"),
        ("CaredForPersonAdmitted", "the cared-for person was admitted"), ("NoCoverNeeded", "no cover needed"), ("Other", "other"),
    ];

    private static string TimelineSection(Guid id, string? asOf, ServiceAnswer timeline, HttpContext http)
    {
        var entries = timeline is { Ok: true, Body: { ValueKind: JsonValueKind.Array } t }
            ? string.Concat(t.EnumerateArray().Select(e => $"""
                <li><time>{Html.E(e.Text("atLondon"))}</time> <span class="source">{Html.E(e.Text("source"))}</span> {Html.E(e.Text("summary"))}</li>
                """))
            : Html.Problem(timeline.Problem);
        var audit = Html.Can(http, CersPolicies.Auditing)
            ? $"""
              <p class="no-print">
                <a href="/activations/{id}/audit">Audit trail (as it stood at any time)</a> ·
                <a href="/activations/{id}/export.csv">Download CSV</a> ·
                <a href="/activations/{id}/export.json">Download JSON</a> ·
                <a href="/activations/{id}/print">Print</a>
              </p>
              """
            : "";
        return $"""
            <section id="timeline">
              <h2>Timeline{(asOf is null ? "" : $" as it stood at {Html.E(asOf)}")}</h2>
              {audit}
              <ol class="timeline">{entries}</ol>
            </section>
            """;
    }

    private static string TimelinePath(Guid id, string? asOf) =>
        asOf is null ? $"/activations/{id}/timeline" : $"/activations/{id}/timeline?asOf={Uri.EscapeDataString(asOf)}";
}

/// <summary>A decision a service refused: which form, what was typed (to show again), and the service's words.</summary>
public sealed record Refusal(string Form, IReadOnlyDictionary<string, string> Values, string? Problem, int Status)
{
    public static Refusal Of(string form, IFormCollection posted, ServiceAnswer answer) => new(
        form,
        posted.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal)).ToDictionary(k => k, k => posted[k].ToString()),
        answer.Problem,
        answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status);
}
