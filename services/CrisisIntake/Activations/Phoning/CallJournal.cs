using System.Text.Json;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using Npgsql;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>The "PhoneLine" configuration section.</summary>
public sealed class PhoneLineOptions
{
    public const string Section = "PhoneLine";

    /// <summary>
    /// Where this instance keeps the calls it answered while PostgreSQL could not be reached, until they are stored. On a
    /// disk that outlives the process (a volume of the pod's own); by default a folder per schema in the temporary folder.
    /// </summary>
    public string? CallJournal { get; set; }
}

/// <summary>A call answered while PostgreSQL could not be reached: what the caller keyed, and who they were put through to.</summary>
public sealed record JournalledCall(string CallSid, string From, IReadOnlyList<string> Attempts, Instant AnsweredAt, IReadOnlyList<OnCallContact> Chain);

/// <summary>
/// An emergency call is answered even while PostgreSQL is away (a failover takes about twenty seconds): the call is kept
/// on this instance's disk, the caller is put through to the on-call coordinator at once, and the activation is opened
/// from the kept call as soon as PostgreSQL answers again (<see cref="StoringJournalledCalls"/>). One file per call,
/// written whole and flushed before the caller hears anything, so an answered call is never lost with the process.
/// </summary>
public sealed class CallJournal
{
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web).ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    private readonly string folder;

    public CallJournal(IOptions<PhoneLineOptions> options, IConfiguration configuration)
    {
        folder = options.Value.CallJournal is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "cers-call-journal", configuration["Marten:Schema"] ?? "crisis_intake");
        Directory.CreateDirectory(folder);
    }

    public async Task KeepAsync(JournalledCall call, CancellationToken cancellationToken)
    {
        var path = PathOf(call.CallSid);
        var writing = path + ".writing";
        await using (var file = new FileStream(writing, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await JsonSerializer.SerializeAsync(file, call, Json, cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(writing, path, overwrite: true);
    }

    public IReadOnlyList<JournalledCall> Kept() =>
        Directory.EnumerateFiles(folder, "*.json")
            .Select(path => JsonSerializer.Deserialize<JournalledCall>(File.ReadAllText(path), Json)!)
            .OrderBy(call => call.AnsweredAt)
            .ToList();

    public JournalledCall? Find(string callSid) =>
        File.Exists(PathOf(callSid)) ? JsonSerializer.Deserialize<JournalledCall>(File.ReadAllText(PathOf(callSid)), Json) : null;

    public void Forget(string callSid) => File.Delete(PathOf(callSid));

    /// <summary>Twilio's CallSid is letters and digits; anything else is dropped so it can only name a file in the folder.</summary>
    private string PathOf(string callSid) => Path.Combine(folder, new string(callSid.Where(char.IsAsciiLetterOrDigit).ToArray()) + ".json");
}

/// <summary>Whether an exception says PostgreSQL could not be reached (or is mid-failover), rather than refusing what was asked.</summary>
public static class StoreUnavailable
{
    public static bool Is(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
            || pg.SqlState is PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.TooManyConnections,
        NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => true,
        _ => e.InnerException is { } inner && Is(inner),
    };
}
