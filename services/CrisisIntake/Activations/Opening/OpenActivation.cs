using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Opening;

public sealed record ReporterRequest(string? Agency, string? Name, string? CallBackNumber);

public sealed record OpenActivationRequest(
    string? CardNumber,
    ReporterRequest? ReportedBy,
    string? Reason,
    string? CarerLocation,
    string? UrgentNotes);

public sealed record OpenActivation(
    Guid ActivationId,
    string CardNumber,
    CannotCareReason Reason,
    Reporter ReportedBy,
    string? CarerLocation,
    string? UrgentNotes,
    Instant Now);

public static class OpenActivationSlice
{
    private const int MaxTextLength = 2000;
    private const int MaxNameLength = 200;

    public static ActivationOpened Decide(OpenActivation command) => new(
        command.ActivationId,
        Channel.PartnerApi,
        command.CardNumber,
        command.Reason,
        command.ReportedBy,
        command.CarerLocation,
        command.UrgentNotes,
        command.Now);

    /// <summary>Checks a partner's report; returns the command, or every field that was wrong.</summary>
    public static (OpenActivation? Command, Dictionary<string, string[]> Errors) Validate(OpenActivationRequest request, Guid activationId, Instant now)
    {
        var errors = new Dictionary<string, string[]>();
        var cardNumber = CardNumberText.Normalise(request.CardNumber);
        if (cardNumber is null)
        {
            errors["cardNumber"] = ["A card number is required: 10 to 20 digits, spaces and dashes allowed."];
        }

        CannotCareReason reason = default;
        if (string.IsNullOrWhiteSpace(request.Reason) || !Enum.TryParse(request.Reason, ignoreCase: true, out reason) || !Enum.IsDefined(reason))
        {
            errors["reason"] = [$"Say why the carer cannot care: one of {string.Join(", ", Enum.GetNames<CannotCareReason>())}."];
        }

        Required(errors, "reportedBy.agency", request.ReportedBy?.Agency, MaxNameLength);
        Required(errors, "reportedBy.name", request.ReportedBy?.Name, MaxNameLength);
        Optional(errors, "reportedBy.callBackNumber", request.ReportedBy?.CallBackNumber, 32);
        Optional(errors, "carerLocation", request.CarerLocation, MaxTextLength);
        Optional(errors, "urgentNotes", request.UrgentNotes, MaxTextLength);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var reporter = new Reporter(request.ReportedBy!.Agency!.Trim(), request.ReportedBy.Name!.Trim(), request.ReportedBy.CallBackNumber?.Trim());
        return (new OpenActivation(activationId, cardNumber!, reason, reporter, request.CarerLocation?.Trim(), request.UrgentNotes?.Trim(), now), errors);
    }

    public static async Task<IResult> Handle(OpenActivationRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (command is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var opened = Decide(command);
        session.CarryTraceContext().Events.StartStream<Activation>(opened.ActivationId, opened);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/activations/{opened.ActivationId}", Activation.Create(opened));
    }

    private static void Required(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required."];
        }
        else
        {
            Optional(errors, field, value, maxLength);
        }
    }

    private static void Optional(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (value is { Length: var length } && length > maxLength)
        {
            errors[field] = [$"At most {maxLength} characters."];
        }
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
