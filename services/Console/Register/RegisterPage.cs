using System.Globalization;
using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;

namespace Cers.Dispatch.Console.Register;

/// <summary>
/// Where an administrator starts: find a carer by card number or by surname, date of birth and postcode, or register a
/// new one. Searches are posted, so a surname and a date of birth never sit in an address or the browser's history.
/// </summary>
public static class RegisterPage
{
    private const int PhoneRows = 3;

    private sealed record CarerRegistered(Guid CarerId);

    private static readonly Dictionary<string, string> SearchLabels = new(StringComparer.Ordinal)
    {
        ["surname"] = "Surname", ["dateOfBirth"] = "Date of birth", ["postcode"] = "Postcode", ["requestedBy"] = "Signed-in name",
    };

    public static IResult Show() => Render();

    /// <summary>From either search form: the card number, or the carer's surname, date of birth and postcode.</summary>
    public static Task<IResult> Find(IFormCollection form, HttpContext http, CardLookupClient cards, CancellationToken ct) =>
        form.ContainsKey("cardNumber") ? FindByCardAsync(form, cards, ct) : FindByDetailsAsync(form, http, cards, ct);

    public static async Task<IResult> RegisterCarer(IFormCollection form, HttpContext http, CardLookupClient cards, CancellationToken ct)
    {
        var rows = Enumerable.Range(1, PhoneRows)
            .Where(row => Given(form, $"phone{row}Label") is not null || Given(form, $"phone{row}Number") is not null)
            .ToList();
        var answer = await cards.PostAsync("/carers", new
        {
            firstName = Given(form, "firstName"),
            lastName = Given(form, "lastName"),
            dateOfBirth = Given(form, "dateOfBirth"),
            address = new
            {
                line1 = Given(form, "line1"),
                line2 = Given(form, "line2"),
                town = Given(form, "town"),
                postcode = Given(form, "postcode"),
                latitude = Degrees(form, "latitude"),
                longitude = Degrees(form, "longitude"),
            },
            phones = rows.Select(row => new { label = Given(form, $"phone{row}Label"), number = Given(form, $"phone{row}Number") }).ToList(),
            preferredLanguage = Given(form, "preferredLanguage"),
            hubReference = Given(form, "hubReference"),
            consentToSharePlan = form["consentToSharePlan"].ToString() switch { "yes" => true, "no" => false, _ => (bool?)null },
            registeredBy = CoordinatorActions.Who(http),
        }, ct);
        if (answer.Ok && answer.As<CarerRegistered>() is { } registered)
        {
            return Results.Redirect($"/register/carers/{registered.CarerId}?done=registered");
        }

        return Render(Typed.From("register", form, RegisterWording.Refusal(answer, RegistrationLabels(rows))), status: StatusOf(answer));
    }

    private static async Task<IResult> FindByCardAsync(IFormCollection form, CardLookupClient cards, CancellationToken ct)
    {
        // As people type it: "4921 7730 5518", with a dash or a stray space; card lookup checks the digits that are left.
        var digits = new string(form["cardNumber"].ToString().Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        var cardAnswer = await cards.GetAsync($"/cards/{Uri.EscapeDataString(digits.Length == 0 ? "-" : digits)}", ct);
        if (!cardAnswer.Ok || cardAnswer.As<CardShown>() is not { CarerId: { } carerId } card)
        {
            return Render(Typed.From("find-card", form, cardAnswer.Problem), status: StatusOf(cardAnswer));
        }

        var carerAnswer = await cards.GetAsync($"/carers/{carerId}", ct);
        return carerAnswer.Ok && carerAnswer.As<RegisteredCarer>() is { } carer
            ? Render(Typed.From("find-card", form), [FoundCarer.Of(card, carer)])
            : Render(Typed.From("find-card", form, carerAnswer.Problem), status: StatusOf(carerAnswer));
    }

    private static async Task<IResult> FindByDetailsAsync(IFormCollection form, HttpContext http, CardLookupClient cards, CancellationToken ct)
    {
        static string Query(string? value) => Uri.EscapeDataString(value ?? "");
        var answer = await cards.GetAsync(
            $"/lookup/carer?surname={Query(Given(form, "surname"))}&dateOfBirth={Query(Given(form, "dateOfBirth"))}&postcode={Query(Given(form, "postcode"))}" +
            $"&channel=console&requestedBy={Query(CoordinatorActions.Who(http))}",
            ct);
        return answer.Ok && answer.As<CarerSearchShown>() is { } found
            ? Render(Typed.From("find-carer", form), (found.Matches ?? []).Select(FoundCarer.Of).ToList())
            : Render(Typed.From("find-carer", form, RegisterWording.Refusal(answer, SearchLabels)), status: StatusOf(answer));
    }

    /// <summary>Card lookup names a phone by its place in what was sent; the form numbers its rows, some left empty.</summary>
    private static Dictionary<string, string> RegistrationLabels(List<int> phoneRows)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["firstName"] = "First name", ["lastName"] = "Surname", ["dateOfBirth"] = "Date of birth", ["address"] = "Address",
            ["address.line1"] = "Address line 1", ["address.line2"] = "Address line 2", ["address.town"] = "Town",
            ["address.postcode"] = "Postcode", ["address.latitude"] = "Latitude", ["address.longitude"] = "Longitude",
            ["phones"] = "Phone numbers", ["preferredLanguage"] = "Preferred language", ["hubReference"] = "Hub reference",
            ["consentToSharePlan"] = "Agrees to share the plan", ["registeredBy"] = "Registered by",
        };
        for (var i = 0; i < phoneRows.Count; i++)
        {
            labels[$"phones[{i}]"] = $"Phone {phoneRows[i]}";
            labels[$"phones[{i}].label"] = $"Phone {phoneRows[i]} label";
            labels[$"phones[{i}].number"] = $"Phone {phoneRows[i]} number";
        }

        return labels;
    }

    private static string? Given(IFormCollection form, string field) =>
        string.IsNullOrWhiteSpace(form[field]) ? null : form[field].ToString().Trim();

    /// <summary>Degrees as typed; text that is no number goes as none, so card lookup names the field.</summary>
    private static double? Degrees(IFormCollection form, string field) =>
        double.TryParse(form[field].ToString().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees) ? degrees : null;

    private static int StatusOf(ServiceAnswer answer) => answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status;

    private static IResult Render(Typed? typed = null, IReadOnlyList<FoundCarer>? matches = null, int status = StatusCodes.Status200OK) =>
        Pages.Render<RegisterView>(new { Typed = typed, Matches = matches, PhoneRows }, status);
}
