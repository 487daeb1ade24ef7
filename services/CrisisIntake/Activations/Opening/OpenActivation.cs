using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Opening;

public sealed record ReporterRequest(string? Agency, string? Name, string? CallBackNumber);

public sealed record CarerLookupRequest(string? Surname, string? DateOfBirth, string? Postcode);

/// <summary>A request naming the carer by card number, or by the carer's lookup fields when the card is not to hand.</summary>
public interface ICardOrCarer
{
    string? CardNumber { get; }

    CarerLookupRequest? Carer { get; }
}

/// <summary>A partner agency's report: by card number, or by the carer's lookup fields when the card is not to hand.</summary>
public sealed record OpenActivationRequest(
    string? CardNumber,
    ReporterRequest? ReportedBy,
    string? Reason,
    string? CarerLocation,
    string? UrgentNotes,
    CarerLookupRequest? Carer = null) : ICardOrCarer;

public sealed record OpenActivation(string? CardNumber, CarerLookupFields? Carer, Report Report);

/// <summary>The card number, or else the carer's surname, date of birth and postcode.</summary>
public sealed class CardOrCarerValidator : AbstractValidator<ICardOrCarer>
{
    public CardOrCarerValidator(LocalDate? today)
    {
        RuleFor(r => r.CardNumber).Must(card => CardNumberText.Normalise(card) is not null).Unless(ByLookup)
            .WithMessage("Give the card number (10 to 20 digits, spaces and dashes allowed), or the carer's surname, date of birth and postcode.");
        RuleFor(r => r.Carer!).SetValidator(new CarerLookupValidator(today)).When(ByLookup);
    }

    /// <summary>Without a card number, the lookup fields name the carer; given both, the card number does.</summary>
    public static bool ByLookup(ICardOrCarer request) => request.CardNumber is null && request.Carer is not null;
}

/// <summary>The carer's lookup fields; given today's date, the date of birth must be one a carer could have.</summary>
public sealed class CarerLookupValidator : AbstractValidator<CarerLookupRequest>
{
    /// <summary>Nobody caring for someone was born more than this many years ago.</summary>
    private const int OldestCarerYears = 120;

    public CarerLookupValidator(LocalDate? today)
    {
        RuleFor(c => c.Surname).RequiredText(OpenActivationSlice.MaxNameLength);
        RuleFor(c => c.DateOfBirth).IsoDate();
        RuleFor(c => c.Postcode).RequiredText(10);
        if (today is { } day)
        {
            RuleFor(c => c.DateOfBirth).Must(born => Parse.Date(born) is not { } date || (date <= day && date >= day.PlusYears(-OldestCarerYears)))
                .WithMessage($"Not a carer's date of birth: it must be in the past and within the last {OldestCarerYears} years.");
        }
    }
}

public sealed class ReporterValidator : AbstractValidator<ReporterRequest>
{
    public ReporterValidator()
    {
        RuleFor(r => r.Agency).RequiredText(OpenActivationSlice.MaxNameLength);
        RuleFor(r => r.Name).RequiredText(OpenActivationSlice.MaxNameLength);
        RuleFor(r => r.CallBackNumber).OptionalText(32);
    }
}

/// <summary>What a report must say before an activation is opened or joined; every wrong field is named at once.</summary>
public sealed class OpenActivationValidator : AbstractValidator<OpenActivationRequest>
{
    /// <summary>A report that names no reporter is checked as one naming nobody, so each missing field is named.</summary>
    private static readonly ReporterRequest NoReporter = new(null, null, null);

    private static readonly ReporterValidator ReporterRules = new();

    public OpenActivationValidator(LocalDate? today)
    {
        Include(new CardOrCarerValidator(today));
        RuleFor(r => r.Reason).OneOf<OpenActivationRequest, CannotCareReason>();
        RuleFor(r => r.ReportedBy ?? NoReporter).SetValidator(ReporterRules).OverridePropertyName(nameof(OpenActivationRequest.ReportedBy));
        RuleFor(r => r.CarerLocation).OptionalText(OpenActivationSlice.MaxTextLength);
        RuleFor(r => r.UrgentNotes).OptionalText(OpenActivationSlice.MaxTextLength);
    }
}

public static class OpenActivationSlice
{
    internal const int MaxTextLength = 2000;
    internal const int MaxNameLength = 200;

    /// <summary>Checks a partner's report; returns the command, or every field that was wrong.</summary>
    public static (OpenActivation? Command, Dictionary<string, string[]> Errors) Validate(OpenActivationRequest request, Channel channel = Channel.PartnerApi, LocalDate? today = null)
    {
        if (new OpenActivationValidator(today).Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        var (cardNumber, carer) = CardOrCarer(request);
        var reporter = new Reporter(Parse.Text(request.ReportedBy!.Agency)!, Parse.Text(request.ReportedBy.Name)!, request.ReportedBy.CallBackNumber?.Trim());
        var report = new Report(channel, reporter, Parse.Enum<CannotCareReason>(request.Reason)!.Value, request.CarerLocation?.Trim(), request.UrgentNotes?.Trim());
        return (new OpenActivation(cardNumber, carer, report), []);
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

    /// <summary>The card number's digits, or else the carer's lookup fields, from a request <see cref="CardOrCarerValidator"/> passed.</summary>
    internal static (string? CardNumber, CarerLookupFields? Carer) CardOrCarer(ICardOrCarer request) =>
        CardOrCarerValidator.ByLookup(request)
            ? (null, new CarerLookupFields(Parse.Text(request.Carer!.Surname)!, request.Carer.DateOfBirth!.Trim(), Parse.Text(request.Carer.Postcode)!))
            : (CardNumberText.Normalise(request.CardNumber), null);
}

/// <summary>What a caller is told when the card number they gave identifies no card: opening and identifying say the same.</summary>
public static class CardRefusals
{
    public static IResult NotValid() => Validated.Problem(
        "cardNumber", "Card number not valid: the check digit does not match. Ask for it to be read again, or give the carer's surname, date of birth and postcode.");

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
