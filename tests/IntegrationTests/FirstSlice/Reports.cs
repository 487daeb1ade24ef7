using System.Net.Http.Json;
using System.Text.Json;

namespace Cers.Dispatch.IntegrationTests.FirstSlice;

/// <summary>What a partner agency sends crisis intake, and reading back what it answered.</summary>
public static class Reports
{
    public static object Valid(string cardNumber = "4921 7730 5518") => new
    {
        cardNumber,
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
        return body.GetProperty("id").GetGuid();
    }
}
