using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;

namespace Cers.Dispatch.Console.PlannedCover;

/// <summary>
/// Cover booked ahead for a carer's appointment (GP, dentist, hospital): crisis intake opens it as an activation at the
/// booked time, and rostering holds a care worker for it until then. The office or a coordinator books, moves and cancels.
/// </summary>
public static class PlannedCoverPage
{
    /// <summary>What the page says after a change went through (a fixed list, so nothing from the address is echoed).</summary>
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["booked"] = "Planned cover booked. Rostering now looks for a care worker to hold for it and texts them the times.",
        ["moved"] = "Booking moved. Any care worker held for the old time is released and told; rostering looks for someone for the new time.",
        ["cancelled"] = "Booking cancelled. Any care worker held for it is released and told.",
    };

    public static Task<IResult> Show(string? done, ConsoleBackends services, CancellationToken ct) =>
        RenderAsync(services, ct, notice: done is not null && Done.TryGetValue(done, out var words) ? words : null);

    public static async Task<IResult> Book(IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct)
    {
        var answer = await services.Intake.PostAsync("/planned-cover", new
        {
            cardNumber = form["cardNumber"].ToString(),
            appointment = new { kind = form["kind"].ToString(), place = form["place"].ToString() },
            startsAt = PlannedCoverWords.ForIntake(form["startsAt"].ToString()),
            endsAt = PlannedCoverWords.ForIntake(form["endsAt"].ToString()),
            bookedBy = new { name = CoordinatorActions.Who(http), role = form["askedBy"].ToString() },
        }, ct);
        return await AnsweredAsync(answer, "book", "The booking", "booked", form, services, ct);
    }

    public static async Task<IResult> Move(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct)
    {
        var answer = await services.Intake.PostAsync($"/planned-cover/{id}/move", new
        {
            startsAt = PlannedCoverWords.ForIntake(form["startsAt"].ToString()),
            endsAt = PlannedCoverWords.ForIntake(form["endsAt"].ToString()),
            movedBy = CoordinatorActions.Who(http),
        }, ct);
        return await AnsweredAsync(answer, $"move:{id}", "The move", "moved", form, services, ct);
    }

    public static async Task<IResult> Cancel(Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, CancellationToken ct)
    {
        var answer = await services.Intake.PostAsync($"/planned-cover/{id}/cancel", new { cancelledBy = CoordinatorActions.Who(http), reason = form["reason"].ToString() }, ct);
        return await AnsweredAsync(answer, $"cancel:{id}", "The cancellation", "cancelled", form, services, ct);
    }

    private static async Task<IResult> AnsweredAsync(
        ServiceAnswer answer, string formName, string what, string done, IFormCollection form, ConsoleBackends services, CancellationToken ct) =>
        answer.Ok
            ? Results.Redirect($"/planned-cover?done={done}")
            : await RenderAsync(services, ct, refusal: Refusal.Of(formName, form, answer) with { Problem = PlannedCoverWords.Refusal(answer, what) });

    private static async Task<IResult> RenderAsync(ConsoleBackends services, CancellationToken ct, string? notice = null, Refusal? refusal = null)
    {
        var bookingsCall = services.Intake.GetAsync("/planned-cover", ct);
        var heldCall = services.Rostering.GetAsync("/reservations", ct);
        var answer = await bookingsCall;
        var held = await heldCall;
        var bookings = answer.Ok ? answer.As<List<PlannedCoverShown>>() : null;
        return Pages.Render<PlannedCoverView>(
            new
            {
                Bookings = bookings,
                Problem = bookings is null ? answer.Problem ?? "Crisis intake did not answer." : null,
                Held = held.Ok ? held.As<List<ReservationShown>>()?.ToDictionary(r => r.BookingId) : null,
                Notice = notice,
                Refused = refusal,
            },
            refusal?.Status ?? (bookings is null ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK));
    }
}
