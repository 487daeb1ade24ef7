using System.Collections.Concurrent;
using Cers.Dispatch.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cers.Dispatch.Rostering.IntegrationTests;

public sealed record DoorDetailsRequest(string Path, string Query, string Authorization);

/// <summary>
/// Stands in for card lookup's GET /carers/{carerId}/door-details on a loopback port (only that call): answers with the
/// door details, refuses with a 403 problem, or drops the connection, as the test says; remembers every request.
/// </summary>
public sealed class DoorDetailsStub : LoopbackServer
{
    public const string Street = "14 Mill Road";
    public const string Postcode = "BS3 1QX";
    public const string KeySafeCode = "4721";


    public DoorDetailsStub()
    {
        App.MapGet("/carers/{carerId:guid}/door-details", (HttpContext http, Guid carerId) =>
        {
            Requests.Enqueue(new DoorDetailsRequest(http.Request.Path, http.Request.QueryString.Value ?? "", http.Request.Headers.Authorization.ToString()));
            switch (Answer)
            {
                case "refuse":
                    return Results.Problem(statusCode: 403, title: "Door details are not shown to you now; nothing was shown.");
                case "drop":
                    http.Abort();
                    return Results.Empty;
                default:
                    return Results.Json(new
                    {
                        carerId,
                        address = new { line1 = Street, town = "Bristol", postcode = Postcode },
                        access = new { entryInstructions = "Side gate, back door", keySafeCode = KeySafeCode },
                        medication = new[] { new { name = "Levetiracetam", dose = "500 mg", when = "19:00" } },
                    });
            }
        });
    }

    /// <summary>"show" (default), "refuse" or "drop".</summary>
    public string Answer { get; set; } = "show";

    public ConcurrentQueue<DoorDetailsRequest> Requests { get; } = new();

}
