using System.Globalization;
using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;

namespace Cers.Dispatch.Console.Staff;

/// <summary>
/// The staff register (GET /staff of rostering), narrowed to a role: who they are, how to reach them, what they may do
/// and whether their DBS check and training are in date. Administrators register people here.
/// </summary>
public static class StaffListPage
{
    public const string RegisterForm = "register";

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["name"] = "Name", ["phone"] = "Mobile phone", ["role"] = "Role", ["skills"] = "Skills", ["training"] = "Training",
        ["dbsCheckExpiresOn"] = "DBS check expires on", ["languages"] = "Languages", ["homeBase"] = "Base",
        ["homeBase.latitude"] = "Base latitude", ["homeBase.longitude"] = "Base longitude", ["registeredBy"] = "Registered by",
    };

    public static Task<IResult> Show(string? role, string? done, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct) =>
        RenderAsync(role, http, rostering, clock, ct, notice: done == "registered" ? "Registered: they are on the register below." : null);

    public static async Task<IResult> Register(IFormCollection form, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct)
    {
        if (Base(form) is not { } homeBase)
        {
            return await RenderAsync(null, http, rostering, clock, ct, refusal: new Refusal(
                RegisterForm, Typed(form), "Base: latitude and longitude are numbers of degrees, such as 52.2 and 0.12.", StatusCodes.Status400BadRequest));
        }

        var skills = form["skills"].Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
        var answer = await rostering.PostAsync("/staff", new
        {
            name = form["name"].ToString(),
            phone = form["phone"].ToString(),
            role = form["role"].ToString(),
            skills,
            training = StaffWords.AllSkills
                .Where(s => !string.IsNullOrWhiteSpace(form[$"training-{s.Value}"]))
                .Select(s => new { skill = s.Value, expiresOn = form[$"training-{s.Value}"].ToString() })
                .ToList(),
            dbsCheckExpiresOn = NullIfEmpty(form["dbsCheckExpiresOn"]),
            languages = Languages(form["languages"]),
            homeBase = homeBase.Given ? new { latitude = homeBase.Latitude, longitude = homeBase.Longitude } : null,
            active = form.ContainsKey("active"),
            registeredBy = CoordinatorActions.Who(http),
        }, ct);
        if (answer.Ok)
        {
            return Results.Redirect("/staff?done=registered");
        }

        var refusal = Refusal.Of(RegisterForm, form, answer) with { Values = Typed(form), Problem = StaffWords.InPlainWords(answer, Labels) };
        return await RenderAsync(null, http, rostering, clock, ct, refusal: refusal);
    }

    private static async Task<IResult> RenderAsync(
        string? role, HttpContext http, RosteringClient rostering, IClock clock, CancellationToken ct, string? notice = null, Refusal? refusal = null)
    {
        var filter = StaffWords.Roles.Any(r => r.Value == role) ? role : null;
        var answer = await rostering.GetAsync(filter is null ? "/staff" : $"/staff?role={Uri.EscapeDataString(filter)}", ct);
        var people = answer.Ok ? answer.As<List<PersonShown>>() : null;
        return Pages.Render<StaffListView>(
            new
            {
                People = people,
                Problem = people is null ? answer.Problem ?? "Rostering did not answer." : null,
                Role = filter,
                Today = StaffWords.Today(clock),
                CanChange = Html.Can(http.User, CersPolicies.Administering),
                Notice = notice,
                Refused = refusal,
            },
            refusal?.Status ?? (people is null ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK));
    }

    /// <summary>Every field as typed, ticked boxes included (several skills), to fill the form in again.</summary>
    private static Dictionary<string, string> Typed(IFormCollection form) =>
        form.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(k => k, k => string.Join("|", form[k].Select(v => v ?? "")), StringComparer.Ordinal);

    private sealed record BaseTyped(bool Given, double? Latitude, double? Longitude);

    /// <summary>Both ends left empty is no base; anything typed must be a number (rostering checks the range).</summary>
    private static BaseTyped? Base(IFormCollection form)
    {
        var (lat, lon) = (form["latitude"].ToString().Trim(), form["longitude"].ToString().Trim());
        if (lat.Length == 0 && lon.Length == 0)
        {
            return new BaseTyped(false, null, null);
        }

        double? Number(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        var (latitude, longitude) = (Number(lat), Number(lon));
        return (lat.Length > 0 && latitude is null) || (lon.Length > 0 && longitude is null) ? null : new BaseTyped(true, latitude, longitude);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static List<string>? Languages(string? text) =>
        text?.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } tags ? [.. tags] : null;
}
