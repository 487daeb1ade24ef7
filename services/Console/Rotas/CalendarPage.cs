using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.Console.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Rotas;

/// <summary>
/// The rotas on a calendar: for each role, day by day, the stretches in which the same people are on, overrides marked,
/// and the gaps where nobody is on for the role. One call to rostering per role (GET /on-call/line-ups) for the range.
/// </summary>
public static class CalendarPage
{
    public const int MostDays = 28;

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    public static async Task<IResult> Handle(string? from, int? days, string? done, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct)
    {
        var today = StaffWords.Today(clock);
        var first = IsoDate.Parse(from ?? "") is { Success: true } parsed ? parsed.Value : today;
        var length = Math.Clamp(days ?? 7, 1, MostDays);
        var start = first.AtStartOfDayInZone(LondonTime.London).ToInstant();
        var end = first.PlusDays(length).AtStartOfDayInZone(LondonTime.London).ToInstant();
        var range = $"from={Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(start))}&to={Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(end))}";

        var rotationsCall = rostering.GetAsync("/rotations", ct);
        var calls = RotasPage.Roles.Select(r => (r.Role, Call: rostering.GetAsync($"/on-call/line-ups?role={r.Role}&{range}", ct))).ToList();
        var lineUps = new Dictionary<string, IReadOnlyList<LineUp>>();
        string? problem = null;
        foreach (var (role, call) in calls)
        {
            var answer = await call;
            if (answer.Ok && answer.As<List<LineUp>>() is { } found)
            {
                lineUps[role] = found;
            }
            else
            {
                problem ??= answer.Problem ?? "Rostering did not say who is on.";
            }
        }

        var rotationsAnswer = await rotationsCall;
        return Pages.Render<CalendarView>(
            new
            {
                First = first,
                Days = length,
                LineUps = lineUps,
                Rotations = (rotationsAnswer.Ok ? rotationsAnswer.As<List<RotationDetails>>() : null) ?? [],
                Problem = problem ?? (rotationsAnswer.Ok ? null : rotationsAnswer.Problem),
                CanChange = Html.Can(http.User, CersPolicies.Administering),
                Notice = done == "created" ? "Rotation created." : null,
            },
            problem is null ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway);
    }

    public static string Link(LocalDate from, int days) => $"/rotas/calendar?from={IsoDate.Format(from)}&days={days}";
}
