using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.Console.Staff;

namespace Cers.Dispatch.Console.Rotas;

/// <summary>
/// Creating a rotation of one role: its people chosen, in turn order, from the register's people of that role; the first
/// hand-off in UK time; turns of so many days or hours; optionally a daily window. Rostering checks it (POST /rotations).
/// </summary>
public static class NewRotationPage
{
    public const int MostPlaces = 8;

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["name"] = "Name", ["role"] = "Role", ["kind"] = "Kind", ["participants"] = "People in turn order", ["startsAt"] = "First hand-off",
        ["turnDays"] = "Each turn lasts", ["turnHours"] = "Each turn lasts", ["windowFrom"] = "On each day from", ["windowTo"] = "On each day until",
        ["priority"] = "Priority", ["createdBy"] = "Created by",
    };

    public static Task<IResult> Show(string? role, RosteringClient rostering, CancellationToken ct) => RenderAsync(RoleOrDefault(role), rostering, ct);

    public static async Task<IResult> Create(IFormCollection form, HttpContext http, RosteringClient rostering, CancellationToken ct)
    {
        var role = RoleOrDefault(form["role"]);
        var participants = Enumerable.Range(1, MostPlaces)
            .Select(i => Guid.TryParse(form[$"participant{i}"], out var id) ? id : (Guid?)null)
            .OfType<Guid>()
            .ToList();
        var length = int.TryParse(form["turnLength"], out var n) ? n : (int?)null;
        var hours = form["turnUnit"] == "hours";
        var answer = await rostering.PostAsync("/rotations", new
        {
            name = form["name"].ToString(),
            role,
            kind = form["kind"].ToString(),
            participants,
            startsAt = WithSeconds(form["startsAt"].ToString().Trim()),
            turnDays = hours ? null : length,
            turnHours = hours ? length : null,
            windowFrom = NullIfEmpty(form["windowFrom"]),
            windowTo = NullIfEmpty(form["windowTo"]),
            priority = int.TryParse(form["priority"], out var p) ? p : (int?)null,
            createdBy = CoordinatorActions.Who(http),
        }, ct);
        if (answer.Ok && answer.Body?.GetProperty("id").GetGuid() is { } id)
        {
            return Results.Redirect($"/rotas/rotations/{id}?done=created");
        }

        var refusal = Refusal.Of("rotation", form, answer) with { Problem = StaffWords.InPlainWords(answer, Labels) };
        return await RenderAsync(role, rostering, ct, refusal);
    }

    private static async Task<IResult> RenderAsync(string role, RosteringClient rostering, CancellationToken ct, Refusal? refusal = null)
    {
        var answer = await rostering.GetAsync($"/staff?role={role}", ct);
        var people = answer.Ok ? answer.As<List<PersonShown>>() : null;
        return Pages.Render<NewRotationView>(
            new { Role = role, People = people ?? [], Problem = people is null ? answer.Problem ?? "Rostering did not answer." : null, Refused = refusal },
            refusal?.Status ?? (people is null ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK));
    }

    private static string RoleOrDefault(string? role) => StaffWords.Roles.Any(r => r.Value == role) ? role! : "coordinator";

    /// <summary>A browser's picker sends 2026-03-23T09:00; rostering reads a wall time with its seconds.</summary>
    private static string WithSeconds(string wallTime) => wallTime.Length == 16 ? wallTime + ":00" : wallTime;

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
