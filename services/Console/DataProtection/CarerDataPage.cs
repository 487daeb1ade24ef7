using System.Globalization;
using System.Text;
using System.Text.Json;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.DataProtection;

/// <summary>An erasure the page refused or card lookup refused: what was typed, and why, in plain words.</summary>
public sealed record ErasureRefusal(string Why, string? Reason, int Status);

/// <summary>
/// A carer's right of access and right to erasure, for the data protection officer's administrators: everything card
/// lookup and crisis intake hold about the carer in one file, and the erasure (crypto-shredding) of their personal data,
/// which while their cover is in progress must be confirmed as meant.
/// </summary>
public static class CarerDataPage
{
    public const string ConfirmOpenCover = "confirmOpenCover";

    public static Task<IResult> Show(Guid carerId, string? done, string? withdrawn, ConsoleBackends services, CancellationToken ct) =>
        RenderAsync(carerId, services, ct, erased: done == "erased" ? (withdrawn ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries) : null);

    /// <summary>One JSON file: card lookup's export (recorded there as an export) and crisis intake's activations for the carer.</summary>
    public static async Task<IResult> Export(Guid carerId, HttpContext http, ConsoleBackends services, IClock clock, CancellationToken ct)
    {
        // Intake first: card lookup records the export when it answers, so nothing is recorded as exported that was not.
        var intake = await services.Intake.GetAsync($"/data-subjects/carers/{carerId}/activations", ct);
        if (!intake.Ok)
        {
            return await RenderAsync(carerId, services, ct, problem: $"Nothing was exported: crisis intake did not give the carer's activations. {intake.Problem}");
        }

        var cards = await services.Cards.GetAsync($"/carers/{carerId}/data-export", ct);
        if (!cards.Ok || cards.Body is not { } cardLookup)
        {
            return await RenderAsync(carerId, services, ct, problem: $"Nothing was exported: card lookup did not give the carer's data. {cards.Problem}");
        }

        var now = clock.GetCurrentInstant();
        using var file = new MemoryStream();
        using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("carerId", carerId);
            json.WriteString("exportedAt", InstantPattern.ExtendedIso.Format(now));
            json.WriteString("exportedBy", http.User.Identity?.Name);
            json.WritePropertyName("cardLookup");
            cardLookup.WriteTo(json);
            json.WritePropertyName("crisisIntake");
            intake.Body?.WriteTo(json);
            if (intake.Body is null)
            {
                json.WriteNullValue();
            }

            json.WriteEndObject();
        }

        return Results.File(file.ToArray(), "application/json", FileName(cardLookup, carerId, now));
    }

    public static async Task<IResult> Erase(Guid carerId, IFormCollection form, ConsoleBackends services, CancellationToken ct)
    {
        var reason = form["reason"].ToString();
        var activations = await services.Intake.GetAsync($"/data-subjects/carers/{carerId}/activations", ct);
        if (!activations.Ok)
        {
            return await RenderAsync(carerId, services, ct, refused: new ErasureRefusal(
                $"Nothing was erased: crisis intake could not say whether this carer's cover is in progress. {activations.Problem}", reason, StatusCodes.Status502BadGateway));
        }

        if (activations.As<SubjectActivations>()?.InProgress is { Count: > 0 } && form[ConfirmOpenCover] != "yes")
        {
            return await RenderAsync(carerId, services, ct, refused: new ErasureRefusal(
                "Nothing was erased: this carer's cover is in progress. Tick the box to confirm you mean to erase their data while it is.", reason, StatusCodes.Status409Conflict));
        }

        var answer = await services.Cards.PostAsync($"/carers/{carerId}/erasure", new { reason }, ct);
        if (answer.Ok && answer.As<ErasureDone>() is { } erased)
        {
            return Results.Redirect($"/register/carers/{carerId}/data?done=erased&withdrawn={Uri.EscapeDataString(string.Join(',', erased.CardsWithdrawn ?? []))}");
        }

        return await RenderAsync(carerId, services, ct, refused: new ErasureRefusal(
            answer.Problem?.Replace("reason: ", "Reason: ", StringComparison.Ordinal) ?? "Card lookup did not erase the carer; nothing was erased.",
            reason,
            answer.Status == 0 ? StatusCodes.Status502BadGateway : answer.Status));
    }

    private static async Task<IResult> RenderAsync(
        Guid carerId, ConsoleBackends services, CancellationToken ct, IReadOnlyList<string>? erased = null, ErasureRefusal? refused = null, string? problem = null)
    {
        var carerAnswer = await services.Cards.GetAsync($"/carers/{carerId}", ct);
        if ((carerAnswer.Ok ? carerAnswer.As<DataSubjectShown>() : null) is not { } carer)
        {
            return Pages.Render<CarerDataView>(
                new { CarerId = carerId, Problem = carerAnswer.Status == 404 ? "Card lookup has no such carer." : carerAnswer.Problem },
                carerAnswer.Status == 404 ? StatusCodes.Status404NotFound : StatusCodes.Status502BadGateway);
        }

        var activations = await services.Intake.GetAsync($"/data-subjects/carers/{carerId}/activations", ct);
        if (refused is { Status: StatusCodes.Status409Conflict } && carer.Erased && carer.ErasedAt is { } at)
        {
            refused = refused with { Why = $"Nothing was erased: this carer's personal data was already erased on {LondonTime.Show(at)}." };
        }

        return Pages.Render<CarerDataView>(
            new
            {
                CarerId = carerId,
                Carer = carer,
                InProgress = activations.Ok ? activations.As<SubjectActivations>()?.InProgress : null,
                IntakeProblem = activations.Ok ? null : activations.Problem,
                Erased = erased,
                Refused = refused,
                Problem = problem,
            },
            refused?.Status ?? (problem is null ? StatusCodes.Status200OK : StatusCodes.Status502BadGateway));
    }

    /// <summary>"cers-data-margaret-hale-2026-11-25.json": whose data it is, and when it was taken.</summary>
    private static string FileName(JsonElement export, Guid carerId, Instant at)
    {
        var erased = export.TryGetProperty("erased", out var flag) && flag.ValueKind == JsonValueKind.True;
        var name = !erased && export.TryGetProperty("carer", out var carer) && carer.TryGetProperty("name", out var n)
            ? $"{n.Text("first")} {n.Text("last")}"
            : $"erased carer {carerId.ToString("N")[..8]}";
        var slug = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            slug.Append(char.IsLetterOrDigit(c) ? c : '-');
        }

        return $"cers-data-{slug}-{at.InZone(LondonTime.London).Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}.json";
    }
}
