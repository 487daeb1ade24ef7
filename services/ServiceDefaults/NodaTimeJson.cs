using System.Text.Json;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// One NodaTime JSON configuration for HTTP, Marten and MassTransit, so an <see cref="Instant"/> is an ISO-8601
/// string everywhere it is written down.
/// </summary>
public static class NodaTimeJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options) =>
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    /// <summary>The web defaults (camelCase, case-insensitive reading) with NodaTime: for reading other services' answers and for stored payloads.</summary>
    public static JsonSerializerOptions Web { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
