using System.Net.Http.Json;
using System.Text.Json;

namespace Cers.Dispatch.IntegrationTests.FirstSlice;

/// <summary>What a partner agency sends crisis intake, and reading back what it answered.</summary>
public static class Reports
{
    /// <summary>A complete report; each gets a card number of its own unless one is given, so reports never meet by accident.</summary>
    public static object Valid(string? cardNumber = null) => new
    {
        cardNumber = cardNumber ?? $"4921 {Random.Shared.NextInt64(10_000_000, 99_999_999)}",
        reason = "AdmittedToHospital",
        reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic J. Okafor", callBackNumber = "+441632960123" },
        carerLocation = "Addenbrooke's Hospital, A&E",
        urgentNotes = "Cared-for son (14) has epilepsy; evening medication due at 19:00.",
    };

    public static async Task<Guid> OpenAsync(HttpClient intake, object report)
    {
        using var response = await intake.PostAsJsonAsync("/activations", report);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("activationId").GetGuid();
    }
}
