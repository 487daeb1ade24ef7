using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.Console.Forms;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>A supervisor's view of one activation: every step across services with when and who, as it stands or stood.</summary>
public static class AuditPage
{
    public static readonly LocalDateTimePattern PickerValue = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm:ss");

    public static async Task<IResult> Handle(Guid id, string? asOf, CrisisIntakeClient intake, CancellationToken cancellationToken)
    {
        if (!UkTimes.TryParse(asOf, out var at))
        {
            return AuditTrail.AsOfProblem();
        }

        var (trail, refusal) = await AuditTrail.LoadAsync(intake, id, at, cancellationToken);
        return trail is null ? Refused(id, refusal) : Pages.Render<AuditView>(new { Trail = trail });
    }

    public static string AsOfQuery(Instant? asOf) =>
        asOf is { } at ? "?asOf=" + Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(at)) : "";

    public static IResult Refused(Guid id, ServiceAnswer? refusal) => refusal?.Status switch
    {
        StatusCodes.Status404NotFound =>
            Pages.Render<MessagePage>(new { Title = "Not found", Heading = $"No activation {id}" }, StatusCodes.Status404NotFound),
        StatusCodes.Status403Forbidden =>
            Pages.Render<MessagePage>(new { Title = "Not allowed", Heading = $"Activation {id}", Words = refusal.Problem }, StatusCodes.Status403Forbidden),
        _ => Pages.Render<MessagePage>(
            new { Title = "Not available", Heading = $"Activation {id}", Words = refusal?.Problem ?? "Crisis intake did not answer." },
            StatusCodes.Status502BadGateway),
    };
}
