using Cers.Dispatch.Testing;
using Npgsql;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>Reads the stored rows as anyone with access to the database (or a backup) would, past the service.</summary>
internal static class RawTables
{
    public static async Task<IReadOnlyList<string>> EventDataAsync(CardLookupFixture fixture, Guid streamId) =>
        await TextsAsync($"SELECT data::text FROM {fixture.Host.Schema}.mt_events WHERE stream_id = @id ORDER BY version", streamId);

    public static async Task<IReadOnlyList<string>> EventTypesAsync(CardLookupFixture fixture, Guid streamId) =>
        await TextsAsync($"SELECT type FROM {fixture.Host.Schema}.mt_events WHERE stream_id = @id ORDER BY version", streamId);

    public static async Task<IReadOnlyList<string>> DocumentAsync(CardLookupFixture fixture, string table, Guid id) =>
        await TextsAsync($"SELECT data::text FROM {fixture.Host.Schema}.{table} WHERE id = @id", id);

    public static async Task<IReadOnlyList<string>> DataKeysOfAsync(CardLookupFixture fixture, Guid carerId) =>
        await TextsAsync($"SELECT data::text FROM {fixture.Host.Schema}.mt_doc_data_key WHERE data ->> 'subject' = @id", $"carer:{carerId}");

    private static async Task<IReadOnlyList<string>> TextsAsync(string sql, object id)
    {
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        var texts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }
}
