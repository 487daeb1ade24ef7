using System.Security.Claims;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.Console.Forms;
using NodaTime;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>
/// One activation's audit trail laid out for paper or PDF (the browser's "Save as PDF"): no console header, a heading
/// block naming the activation, the carer's area, its dates and who generated it when, and a table whose header repeats
/// on every page.
/// </summary>
public static class PrintPage
{
    public static async Task<IResult> Handle(Guid id, string? asOf, ClaimsPrincipal user, CrisisIntakeClient intake, IClock clock, CancellationToken cancellationToken)
    {
        if (!UkTimes.TryParse(asOf, out var at))
        {
            return AuditTrail.AsOfProblem();
        }

        var (trail, refusal) = await AuditTrail.LoadAsync(intake, id, at, cancellationToken);
        return trail is null
            ? AuditPage.Refused(id, refusal)
            : Pages.Render<PrintView>(new { Trail = trail, GeneratedAt = clock.GetCurrentInstant(), GeneratedBy = user.Identity?.Name ?? "unknown" });
    }
}
