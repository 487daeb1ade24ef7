using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.Activations.Opening;

public sealed record ReporterRequest(string? Agency, string? Name, string? CallBackNumber);

public sealed record CarerLookupRequest(string? Surname, string? DateOfBirth, string? Postcode);

/// <summary>A partner agency's report: by card number, or by the carer's lookup fields when the card is not to hand.</summary>
public sealed record OpenActivationRequest(
    string? CardNumber,
    ReporterRequest? ReportedBy,
    string? Reason,
    string? CarerLocation,
    string? UrgentNotes,
    CarerLookupRequest? Carer = null);

public sealed record OpenActivation(string? CardNumber, CarerLookupFields? Carer, Report Report);

public static class OpenActivationSlice
{
    private const int MaxTextLength = 2000;
    private const int MaxNameLength = 200;

    /// <summary>Checks a partner's report; returns the command, or every field that was wrong.</summary>
    public static (OpenActivation? Command, Dictionary<string, string[]> Errors) Validate(OpenActivationRequest request, Channel channel = Channel.PartnerApi, LocalDate? today = null)
    {
        var errors = new Dictionary<string, string[]>();
        var (cardNumber, carer) = CardOrCarer(request.CardNumber, request.Carer, errors, today);
        var reason = Field.OneOf<CannotCareReason>(errors, "reason", request.Reason);

        Field.Required(errors, "reportedBy.agency", request.ReportedBy?.Agency, MaxNameLength);
        Field.Required(errors, "reportedBy.name", request.ReportedBy?.Name, MaxNameLength);
        Field.Optional(errors, "reportedBy.callBackNumber", request.ReportedBy?.CallBackNumber, 32);
        Field.Optional(errors, "carerLocation", request.CarerLocation, MaxTextLength);
        Field.Optional(errors, "urgentNotes", request.UrgentNotes, MaxTextLength);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var reporter = new Reporter(request.ReportedBy!.Agency!.Trim(), request.ReportedBy.Name!.Trim(), request.ReportedBy.CallBackNumber?.Trim());
        var report = new Report(channel, reporter, reason, request.CarerLocation?.Trim(), request.UrgentNotes?.Trim());
        return (new OpenActivation(cardNumber, carer, report), errors);
    }

    public static async Task<IResult> Handle(
        OpenActivationRequest request, ActivationDesk desk, CardLookupClient cardLookup, IClock clock, HttpContext http, CancellationToken cancellationToken)
    {
        var channel = ChannelOf(http.User);
        var (command, errors) = Validate(AsReportedByCaller(request, http.User), channel, clock.GetCurrentInstant().InZone(LondonTime.London).Date);
        if (command is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var agency = command.Report.ReportedBy.Agency;
        var lookupChannel = channel == Channel.PartnerApi ? "partner" : "console";
        var check = command.CardNumber is { } card
            ? await cardLookup.CheckAsync(card, lookupChannel, agency, cancellationToken)
            : await cardLookup.SearchAsync(command.Carer!, lookupChannel, agency, cancellationToken);
        switch (check)
        {
            case CardCheck.NotValid:
                return CardRefusals.NotValid();
            case CardCheck.NoSuchCard when command.CardNumber is not null:
                return CardRefusals.NoSuchCard();
            case CardCheck.LookupUnavailable { RetryAfter: { } wait } when channel == Channel.PartnerApi:
                return CardRefusals.TooManyLookups(http, wait);
        }

        var attempts = command.CardNumber is { } given ? new[] { given } : [];
        var outcome = await desk.OpenOrAttachAsync(Guid.CreateVersion7(), command.Report, check, attempts, clock.GetCurrentInstant(), null, cancellationToken);
        var location = $"/activations/{outcome.ActivationId}";
        return outcome.AttachedToExisting
            ? Results.Ok(new { activationId = outcome.ActivationId, attachedToExisting = true, location })
            : Results.Created(location, new { activationId = outcome.ActivationId, attachedToExisting = false, location });
    }

    /// <summary>An agency reports with its API key; a coordinator or supervisor opens an activation from the console.</summary>
    private static Channel ChannelOf(System.Security.Claims.ClaimsPrincipal caller) =>
        caller.IsInRole(CersRoles.PartnerAgency) ? Channel.PartnerApi : Channel.Console;

    /// <summary>An agency reporting with its API key is that agency, whatever the body says it is.</summary>
    private static OpenActivationRequest AsReportedByCaller(OpenActivationRequest request, System.Security.Claims.ClaimsPrincipal caller) =>
        caller.IsInRole(CersRoles.PartnerAgency)
            ? request with { ReportedBy = (request.ReportedBy ?? new ReporterRequest(null, null, null)) with { Agency = caller.Identity?.Name } }
            : request;

    /// <summary>The card number, or else the carer's surname, date of birth and postcode, each checked into <paramref name="errors"/>.</summary>
    internal static (string? CardNumber, CarerLookupFields? Carer) CardOrCarer(string? cardNumber, CarerLookupRequest? carer, Dictionary<string, string[]> errors, LocalDate? today = null)
    {
        if (cardNumber is null && carer is not null)
        {
            return (null, ValidateLookup(carer, errors, today));
        }

        var digits = CardNumberText.Normalise(cardNumber);
        if (digits is null)
        {
            errors["cardNumber"] = ["Give the card number (10 to 20 digits, spaces and dashes allowed), or the carer's surname, date of birth and postcode."];
        }

        return (digits, null);
    }

    /// <summary>Nobody caring for someone was born more than this many years ago.</summary>
    private const int OldestCarerYears = 120;

    private static CarerLookupFields? ValidateLookup(CarerLookupRequest lookup, Dictionary<string, string[]> errors, LocalDate? today)
    {
        Field.Required(errors, "carer.surname", lookup.Surname, MaxNameLength);
        Field.Required(errors, "carer.postcode", lookup.Postcode, 10);
        if (lookup.DateOfBirth is null || LocalDatePattern.Iso.Parse(lookup.DateOfBirth) is not { Success: true } born)
        {
            errors["carer.dateOfBirth"] = ["The carer's date of birth as YYYY-MM-DD."];
        }
        else if (today is { } day && (born.Value > day || born.Value < day.PlusYears(-OldestCarerYears)))
        {
            errors["carer.dateOfBirth"] = [$"Not a carer's date of birth: it must be in the past and within the last {OldestCarerYears} years."];
        }

        return errors.Keys.Any(k => k.StartsWith("carer.", StringComparison.Ordinal))
            ? null
            : new CarerLookupFields(lookup.Surname!.Trim(), lookup.DateOfBirth!, lookup.Postcode!.Trim());
    }
}

/// <summary>What a caller is told when the card number they gave identifies no card: opening and identifying say the same.</summary>
public static class CardRefusals
{
    public static IResult NotValid() => ServiceDefaultsExtensions.ValidationProblem(new Dictionary<string, string[]>
    {
        ["cardNumber"] = ["Card number not valid: the check digit does not match. Ask for it to be read again, or give the carer's surname, date of birth and postcode."],
    });

    public static IResult NoSuchCard() => Results.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "No such card",
        detail: "The card number is well formed but no card has it. Check it with the caller, or give the carer's surname, date of birth and postcode.");

    /// <summary>Card lookup is limiting this agency's look-ups (many unknown cards from one source look like guessing).</summary>
    public static IResult TooManyLookups(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many card look-ups from this agency; nothing was opened.",
            detail: $"Card lookup is limiting this agency's look-ups. Try again in {seconds} seconds, or phone the 24/7 number on the card.");
    }
}

public static class CardNumberText
{
    /// <summary>Digits only, as a paramedic may read them out with spaces or dashes; null when it cannot be a card number.</summary>
    public static string? Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }

        var digits = new string(text.Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length is >= 10 and <= 20 && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
