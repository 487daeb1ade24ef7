using System.Net;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Validation;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Collaborators;

/// <summary>What card lookup said about a card number or a carer search.</summary>
public abstract record CardCheck
{
    /// <param name="FromCardIndex">Recognised from what card lookup had told crisis intake, without asking it (<see cref="CardIndex.KnownCard"/>).</param>
    /// <param name="StatusChangedAt">Card lookup's instant of the card's latest change, when it said.</param>
    public sealed record Identified(
        string CardNumber, Guid CarerId, string CardStatus, bool Works, string? Nation, string? Area, bool FromCardIndex = false, Instant? StatusChangedAt = null)
        : CardCheck;

    /// <summary>The digits cannot be a card number (wrong length or check digit): most likely misheard or mistyped.</summary>
    public sealed record NotValid : CardCheck;

    /// <summary>No card (or, for a search, no single carer) matches.</summary>
    public sealed record NoSuchCard : CardCheck;

    /// <summary>The caller keyed or said nothing (silence, timeout).</summary>
    public sealed record NothingHeard : CardCheck;

    /// <summary>
    /// Card lookup could not be asked. The emergency goes ahead; a coordinator identifies the carer. With
    /// <paramref name="RetryAfter"/>, card lookup was up but limiting the caller's look-ups (429): the partner API passes
    /// that on rather than opening an activation it cannot identify; the phone line never refuses a call for it.
    /// </summary>
    public sealed record LookupUnavailable(string Why, TimeSpan? RetryAfter = null) : CardCheck;
}

/// <summary>The fields a caller without the card can give: the carer's surname, date of birth and postcode.</summary>
public sealed record CarerLookupFields(string Surname, string DateOfBirth, string Postcode);

public sealed class CardLookupClient(HttpClient http)
{
    public Task<CardCheck> CheckAsync(string digits, string channel, string requestedBy, CancellationToken cancellationToken) =>
        AskAsync(
            $"/lookup/card/{Uri.EscapeDataString(digits)}?channel={Uri.EscapeDataString(channel)}&requestedBy={Uri.EscapeDataString(requestedBy)}",
            root => root,
            cancellationToken);

    /// <summary>One match identifies the carer; none or several are left for a coordinator to resolve.</summary>
    public Task<CardCheck> SearchAsync(CarerLookupFields fields, string channel, string requestedBy, CancellationToken cancellationToken) =>
        AskAsync(
            $"/lookup/carer?surname={Uri.EscapeDataString(fields.Surname)}&dateOfBirth={Uri.EscapeDataString(fields.DateOfBirth)}"
            + $"&postcode={Uri.EscapeDataString(fields.Postcode)}&channel={Uri.EscapeDataString(channel)}&requestedBy={Uri.EscapeDataString(requestedBy)}",
            root =>
            {
                var matches = root.ValueKind == JsonValueKind.Array ? root
                    : root.TryGetProperty("matches", out var list) ? list : default;
                return matches.ValueKind == JsonValueKind.Array && matches.GetArrayLength() == 1 ? matches[0] : null;
            },
            cancellationToken);

    private async Task<CardCheck> AskAsync(string path, Func<JsonElement, JsonElement?> pickCard, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.BadRequest:
                    return new CardCheck.NotValid();
                case HttpStatusCode.NotFound:
                    return new CardCheck.NoSuchCard();
                case HttpStatusCode.OK:
                    using (var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken))
                    {
                        return pickCard(body.RootElement) is { } card && card.TryGetProperty("cardNumber", out var number) && number.GetString() is { } cardNumber
                            ? new CardCheck.Identified(
                                cardNumber,
                                card.GetProperty("carerId").GetGuid(),
                                card.TryGetProperty("cardStatus", out var status) ? status.GetString() ?? "Unknown" : "Unknown",
                                card.TryGetProperty("works", out var works) && works.GetBoolean(),
                                card.TryGetProperty("address", out var address) && address.TryGetProperty("nation", out var nation) ? nation.GetString() : null,
                                card.TryGetProperty("area", out var area) ? area.GetString() : null,
                                StatusChangedAt: card.TryGetProperty("cardStatusChangedAt", out var changed) && changed.ValueKind == JsonValueKind.String
                                    ? Parse.Instant(changed.GetString()) : null)
                            : new CardCheck.NoSuchCard();
                    }

                case HttpStatusCode.TooManyRequests:
                    return new CardCheck.LookupUnavailable(
                        "card lookup is limiting this caller's look-ups", response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMinutes(1));
                default:
                    return new CardCheck.LookupUnavailable($"card lookup answered {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException or Polly.ExecutionRejectedException)
        {
            return new CardCheck.LookupUnavailable(e.Message);
        }
    }
}
