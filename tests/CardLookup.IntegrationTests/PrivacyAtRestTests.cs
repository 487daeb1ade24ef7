using System.Net.Http.Json;
using System.Text.Json;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

[Collection(CardLookupCollection.Name)]
public sealed class PrivacyAtRestTests(CardLookupFixture fixture)
{
    private readonly Journeys hub = new(fixture);

    /// <summary>What Journeys writes down about Grace, her father Emeka and their home.</summary>
    private static readonly string[] Personal =
        ["7391", "Side gate", "Grace", "Okafor", "Emeka", "Byres Road", "+441414960123", "1975-06-14", "Levetiracetam", "hook by the back door", "Ngozi", "epileptic seizures"];

    [Fact]
    public async Task The_stored_events_hold_ciphertext_not_the_key_safe_code_names_or_health()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        var events = await RawTables.EventDataAsync(fixture, carerId);

        events.Should().HaveCount(5);
        foreach (var data in events)
        {
            ReadableParts(data).Should().NotContainAny(Personal);
        }

        events.Should().Contain(e => e.Contains("\"pd1.", StringComparison.Ordinal), "the personal parts are sealed envelopes");
        events[^1].Should().Contain("G12 Glasgow").And.Contain("epilepsy", "the area and the required skills stay in clear for matching");
    }

    [Fact]
    public async Task The_carer_document_and_the_data_key_row_hold_nothing_readable_either()
    {
        var (carerId, _, _) = await hub.CarerWithCardAsync();

        var document = (await RawTables.DocumentAsync(fixture, "mt_doc_carer", carerId)).Single();
        var key = (await RawTables.DataKeysOfAsync(fixture, carerId)).Single();

        ReadableParts(document).Should().NotContainAny(Personal);
        JsonDocument.Parse(key).RootElement.GetProperty("wrappedKey").GetString().Should().StartWith("mk1.", "the data key is stored wrapped with the master key");
    }

    /// <summary>
    /// Every name and value in the JSON but sealed envelopes, identifiers and instants, whose random or clock-drawn
    /// characters can spell a short code such as 7391 by chance.
    /// </summary>
    private static string ReadableParts(string json)
    {
        var parts = new List<string>();
        Collect(JsonDocument.Parse(json).RootElement);
        return string.Join('\n', parts);

        void Collect(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        parts.Add(property.Name);
                        Collect(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item);
                    }

                    break;
                case JsonValueKind.String:
                    var text = element.GetString()!;
                    if (!text.StartsWith("pd1.", StringComparison.Ordinal) && !Guid.TryParse(text, out _) &&
                        !InstantPattern.ExtendedIso.Parse(text).Success)
                    {
                        parts.Add(text);
                    }

                    break;
                case JsonValueKind.Number:
                    parts.Add(element.GetRawText());
                    break;
            }
        }
    }

    [Fact]
    public async Task Sealed_data_still_reads_for_staff_allowed_to_see_it()
    {
        var (carerId, _, card) = await hub.CarerWithCardAsync();

        var carer = await fixture.Client().GetFromJsonAsync<JsonElement>($"/carers/{carerId}");
        var answer = await hub.LookUpOkAsync(card);

        carer.GetProperty("name").GetProperty("last").GetString().Should().Be("Okafor");
        carer.GetProperty("hubReference").GetString().Should().StartWith("HUB-IT-");
        answer.GetProperty("address").GetProperty("line1").GetString().Should().Be("22 Byres Road");
        answer.GetProperty("caredFor")[0].GetProperty("firstName").GetString().Should().Be("Emeka");
        answer.GetProperty("planSummary").GetProperty("medication")[0].GetProperty("name").GetString().Should().Be("Levetiracetam");
    }
}
