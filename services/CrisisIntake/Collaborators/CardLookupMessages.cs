using System.Runtime.CompilerServices;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;
using NodaTime.Text;
using Cards = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CrisisIntake.Collaborators;

/// <summary>
/// Card lookup's card and plan messages taken again (GET /cards/messages), for reconciling the card index. A client of
/// its own, with longer deadlines than the phone line's card checks and a circuit of its own: a slow page here must
/// never count against a caller's check.
/// </summary>
public sealed class CardLookupMessages(HttpClient http)
{
    private static readonly Dictionary<string, Type> Kinds = new[]
    {
        typeof(Cards.CardIssued), typeof(Cards.CardRevoked), typeof(Cards.CardReplaced), typeof(Cards.EmergencyPlanChanged), typeof(Cards.CarerErased),
    }.ToDictionary(t => t.Name);

    /// <summary>
    /// The messages card lookup published since <paramref name="since"/> (it tells at most a day back), in the order it
    /// stored them, a page at a time; a kind this version does not know is left out. Each stored event is told as one
    /// message, so an empty page is the end.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<object>> SinceAsync(Instant since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var from = Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(since));
        long after = 0;
        while (true)
        {
            var told = await http.GetFromJsonAsync<List<JsonElement>>($"/cards/messages?since={from}&after={after}", NodaTimeJson.Web, cancellationToken) ?? [];
            if (told.Count == 0)
            {
                yield break;
            }

            after = told[^1].GetProperty("sequence").GetInt64();
            yield return told
                .Where(m => Kinds.ContainsKey(m.GetProperty("type").GetString() ?? ""))
                .Select(m => m.GetProperty("message").Deserialize(Kinds[m.GetProperty("type").GetString()!], NodaTimeJson.Web)!)
                .ToList();
        }
    }
}
