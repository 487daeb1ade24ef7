using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Register;

/// <summary>
/// One carer in the register: their details, the people they care for, assessments and cards, read by anyone who reads
/// the register; the forms that change them are for administrators, and card lookup records each change in their name.
/// </summary>
public static class CarerPage
{
    /// <summary>What the page says after a change went through (a fixed list, so nothing from the address is echoed).</summary>
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["registered"] = "Carer registered. Add the people they care for, then book their assessment.",
        ["cared-for"] = "Person cared for added.",
        ["booked"] = "Assessment booked.",
        ["completed"] = "Assessment recorded as done.",
        ["issued"] = "Card issued. Print it from the list of cards.",
        ["lost"] = "Card reported lost or stolen: it stopped working at once. Replace it to give the carer a new number.",
        ["replaced"] = "New card issued in place of the old one, which no longer works. Print the new card from the list.",
        ["suspended"] = "Card suspended: it does not work until it is reinstated.",
        ["reinstated"] = "Card reinstated: it works again.",
        ["contacts-confirmed"] = "Emergency contacts recorded as confirmed.",
        ["consent-confirmed"] = "The carer's answer on sharing their plan is recorded.",
    };

    private static readonly Dictionary<string, string> ConfirmationLabels = new(StringComparer.Ordinal)
    {
        ["planVersion"] = "Plan version", ["how"] = "How they were reached", ["consentToSharePlan"] = "May the plan be shared",
    };

    private static readonly Dictionary<string, string> CaredForLabels = new(StringComparer.Ordinal)
    {
        ["firstName"] = "First name", ["lastName"] = "Surname", ["dateOfBirth"] = "Date of birth", ["relationship"] = "Relationship to the carer",
        ["personId"] = "Person id", ["registeredBy"] = "Registered by",
    };

    private static readonly Dictionary<string, string> AssessmentLabels = new(StringComparer.Ordinal)
    {
        ["at"] = "Date and time", ["assessor"] = "Assessor", ["bookedBy"] = "Booked by", ["findings"] = "Findings", ["completedBy"] = "Recorded by",
    };

    private static readonly Dictionary<string, string> CardLabels = new(StringComparer.Ordinal)
    {
        ["kind"] = "Lost or stolen", ["reason"] = "Why", ["note"] = "Note", ["issuedBy"] = "Issued by", ["reportedBy"] = "Reported by",
        ["replacedBy"] = "Replaced by", ["suspendedBy"] = "Suspended by", ["reinstatedBy"] = "Reinstated by",
    };

    public static Task<IResult> Show(Guid carerId, string? done, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        RenderAsync(carerId, http, cards, clock, ct, notice: done is not null && Done.TryGetValue(done, out var words) ? words : null);

    public static Task<IResult> AddCaredFor(Guid carerId, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct)
    {
        var typedId = Given(form, "personId");
        if (typedId is not null && !Guid.TryParse(typedId, out _))
        {
            return RenderAsync(carerId, http, cards, clock, ct,
                typed: Typed.From("cared-for", form, "Person id: the id shown for this person on the page of the carer they are already registered with, or leave it empty."),
                status: StatusCodes.Status400BadRequest);
        }

        return ChangeAsync(carerId, "cared-for", form, http, cards, clock, CaredForLabels, "cared-for",
            cards.PostAsync($"/carers/{carerId}/cared-for", new
            {
                firstName = Given(form, "firstName"),
                lastName = Given(form, "lastName"),
                dateOfBirth = Given(form, "dateOfBirth"),
                relationship = Given(form, "relationship"),
                personId = typedId is null ? (Guid?)null : Guid.Parse(typedId),
                registeredBy = CoordinatorActions.Who(http),
            }, ct), ct);
    }

    /// <summary>
    /// The appointment as the page's picker sends it ("2026-12-03T10:30", UK time) goes with seconds, as card lookup
    /// reads it; anything else goes as typed, for card lookup to refuse in its own words.
    /// </summary>
    public static Task<IResult> BookAssessment(Guid carerId, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct)
    {
        var typed = Given(form, "at");
        var at = typed is not null && LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(typed) is { Success: true } minutes
            ? LocalDateTimePattern.GeneralIso.Format(minutes.Value)
            : typed;
        return ChangeAsync(carerId, "book-assessment", form, http, cards, clock, AssessmentLabels, "booked",
            cards.PostAsync($"/carers/{carerId}/assessments", new { at, assessor = Given(form, "assessor"), bookedBy = CoordinatorActions.Who(http) }, ct), ct);
    }

    public static Task<IResult> CompleteAssessment(Guid carerId, Guid assessmentId, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, $"complete-{assessmentId}", form, http, cards, clock, AssessmentLabels, "completed",
            cards.PostAsync($"/carers/{carerId}/assessments/{assessmentId}/completion", new { findings = Given(form, "findings"), completedBy = CoordinatorActions.Who(http) }, ct), ct);

    public static Task<IResult> IssueCard(Guid carerId, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, "issue-card", form, http, cards, clock, CardLabels, "issued",
            cards.PostAsync($"/carers/{carerId}/cards", new { issuedBy = CoordinatorActions.Who(http) }, ct), ct);

    public static Task<IResult> ReportLoss(Guid carerId, string cardNumber, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, $"loss-{cardNumber}", form, http, cards, clock, CardLabels, "lost",
            cards.PostAsync($"{CardPath(cardNumber)}/loss", new { kind = Given(form, "kind"), reportedBy = CoordinatorActions.Who(http) }, ct), ct);

    public static Task<IResult> Replace(Guid carerId, string cardNumber, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, $"replace-{cardNumber}", form, http, cards, clock, CardLabels, "replaced",
            cards.PostAsync($"{CardPath(cardNumber)}/replacement", new { replacedBy = CoordinatorActions.Who(http) }, ct), ct);

    public static Task<IResult> Suspend(Guid carerId, string cardNumber, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, $"suspend-{cardNumber}", form, http, cards, clock, CardLabels, "suspended",
            cards.PostAsync($"{CardPath(cardNumber)}/suspension", new { reason = Given(form, "reason"), note = Given(form, "note"), suspendedBy = CoordinatorActions.Who(http) }, ct), ct);

    public static Task<IResult> Reinstate(Guid carerId, string cardNumber, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, $"reinstate-{cardNumber}", form, http, cards, clock, CardLabels, "reinstated",
            cards.PostAsync($"{CardPath(cardNumber)}/reinstatement", new { reinstatedBy = CoordinatorActions.Who(http) }, ct), ct);

    /// <summary>
    /// The plan version the page showed goes with the confirmation, so contacts reached on the numbers of a version that has
    /// since been revised are refused rather than recorded against the new one.
    /// </summary>
    public static Task<IResult> ConfirmContacts(Guid carerId, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, "confirm-contacts", form, http, cards, clock, ConfirmationLabels, "contacts-confirmed",
            cards.PostAsync($"/carers/{carerId}/emergency-contacts/confirmations", new
            {
                planVersion = int.TryParse(Given(form, "planVersion"), out var version) ? version : (int?)null,
                how = Given(form, "how"),
            }, ct), ct);

    public static Task<IResult> ConfirmConsent(Guid carerId, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct) =>
        ChangeAsync(carerId, "confirm-consent", form, http, cards, clock, ConfirmationLabels, "consent-confirmed",
            cards.PostAsync($"/carers/{carerId}/consent", new
            {
                consentToSharePlan = bool.TryParse(Given(form, "consentToSharePlan"), out var consent) ? consent : (bool?)null,
            }, ct), ct);

    /// <summary>The page, optionally with a refusal over the form it came from and what was typed in it kept.</summary>
    private static async Task<IResult> RenderAsync(
        Guid carerId, HttpContext http, CardLookupClient cards, IClock clock, CancellationToken ct, string? notice = null, Typed? typed = null, int status = StatusCodes.Status200OK)
    {
        var carerCall = cards.GetAsync($"/carers/{carerId}", ct);
        var cardsCall = cards.GetAsync($"/carers/{carerId}/cards", ct);
        var carerAnswer = await carerCall;
        var cardsAnswer = await cardsCall;
        if (!carerAnswer.Ok || carerAnswer.As<RegisteredCarer>() is not { } carer)
        {
            return carerAnswer.Status == StatusCodes.Status404NotFound
                ? Pages.Render<MessagePage>(new { Title = "Not found", Heading = "No such carer", Words = "Nobody is registered under that carer id." }, StatusCodes.Status404NotFound)
                : Pages.Render<MessagePage>(new { Title = "Carer", Heading = "Carer", Words = carerAnswer.Problem }, StatusCodes.Status502BadGateway);
        }

        return Pages.Render<CarerRegisterView>(
            new
            {
                Carer = carer,
                Cards = cardsAnswer.Ok ? cardsAnswer.As<List<CardShown>>() : null,
                CardsProblem = cardsAnswer.Problem,
                Today = clock.GetCurrentInstant().InZone(LondonTime.London).Date,
                NoticeWords = notice,
                Typed = typed,
                CanChange = Html.Can(http.User, CersPolicies.Administering) && !carer.Erased,
                CanPrint = Html.Can(http.User, CersPolicies.Administering),
                CanSeeData = Html.Can(http.User, CersPolicies.DataProtection),
            },
            status);
    }

    private static async Task<IResult> ChangeAsync(
        Guid carerId, string formName, IFormCollection form, HttpContext http, CardLookupClient cards, IClock clock,
        IReadOnlyDictionary<string, string> labels, string done, Task<ServiceAnswer> call, CancellationToken ct)
    {
        var answer = await call;
        return answer.Ok
            ? Results.Redirect($"/register/carers/{carerId}?done={done}")
            : await RenderAsync(carerId, http, cards, clock, ct,
                typed: Typed.From(formName, form, RegisterWording.Refusal(answer, labels)),
                status: answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status);
    }

    private static string CardPath(string cardNumber) => $"/cards/{Uri.EscapeDataString(cardNumber)}";

    private static string? Given(IFormCollection form, string field) =>
        string.IsNullOrWhiteSpace(form[field]) ? null : form[field].ToString().Trim();
}
