using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup.Demo;
using Cers.Dispatch.ServiceDefaults.Access;
using Npgsql;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

public sealed record CareWorker(Guid Id, string Name, string Phone);

/// <summary>
/// What a whole-system run needs in its stores, put there the way people would: carers through card lookup's own
/// demo seeder (so their plans reach rostering over the bus), staff and rotas through rostering's API.
/// </summary>
public static class SystemData
{
    /// <summary>Where the demo carers live (card lookup's demo towns): one on-call worker per town and then round again.</summary>
    private static readonly (string Town, double Latitude, double Longitude)[] Towns =
    [
        ("Leeds", 53.820, -1.577), ("Glasgow", 55.876, -4.292), ("Belfast", 54.577, -5.943), ("Cardiff", 51.488, -3.160),
        ("Edinburgh", 55.970, -3.172), ("Manchester", 53.449, -2.222), ("Bristol", 51.462, -2.557), ("Norwich", 52.630, 1.280),
        ("Aberdeen", 57.165, -2.105), ("Plymouth", 50.372, -4.128), ("Newcastle", 54.976, -1.572), ("Leicester", 52.615, -1.110),
        ("Derry", 55.003, -7.318), ("Inverness", 57.471, -4.200), ("Swansea", 51.620, -3.940), ("Hackney", 51.545, -0.060),
        ("Peckham", 51.470, -0.065), ("Birmingham", 52.430, -1.880), ("Dundee", 56.470, -2.940), ("York", 53.970, -1.070),
    ];

    /// <summary>Creates the database the system will use, empty (dropping what an earlier run left).</summary>
    public static async Task RecreateDatabaseAsync(SystemPlace place, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(place.AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {place.Database} WITH (FORCE)", $"CREATE DATABASE {place.Database}" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // The drop ended every connection to the database, the harness's pooled ones too: none may be handed out again.
        NpgsqlConnection.ClearAllPools();
    }

    public static async Task DropDatabaseAsync(SystemPlace place)
    {
        await using var connection = new NpgsqlConnection(place.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {place.Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Seeds <paramref name="carers"/> demo carers with card lookup's <c>seed-demo</c> and waits until rostering has heard
    /// every plan and crisis intake's card index every working card (its phone line then never asks card lookup); returns
    /// the working card numbers, in seeding order (the seeder is deterministic, so they are known here).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeedCarersAsync(RunningSystem system, int carers, CancellationToken cancellationToken)
    {
        var exit = await system.RunCommandAsync(Services.CardLookup, ["seed-demo", "--carers", carers.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"card lookup's seed-demo failed ({exit}); see {system.Place.StateDirectory}/logs");
        }

        await WaitForCountAsync(system.Place, $"SELECT count(*) FROM {Services.SchemaOf(Services.Rostering)}.mt_doc_carerneeds", carers,
            TimeSpan.FromMinutes(3), "rostering to hear every emergency plan", cancellationToken);

        var faker = DemoSeeder.NewFaker();
        var now = SystemClock.Instance.GetCurrentInstant();
        var cards = Enumerable.Range(0, carers).Select(i => DemoSeeder.Generate(faker, now, i).WorkingCard).OfType<string>().ToList();
        await WaitForCountAsync(system.Place, $"SELECT count(*) FROM {Services.SchemaOf(Services.CrisisIntake)}.mt_doc_knowncard WHERE data->>'status' = 'Active' AND data->>'area' IS NOT NULL", cards.Count,
            TimeSpan.FromMinutes(3), "crisis intake's card index to hear every card", cancellationToken);
        return cards;
    }

    /// <summary>
    /// Registers <paramref name="workers"/> care workers with every skill and training in date, each on call round the
    /// clock in a rotation of their own, based in the carers' towns in turn; two coordinators on call and a duty manager.
    /// </summary>
    public static async Task<IReadOnlyList<CareWorker>> SeedStaffAsync(RunningSystem system, int workers, CancellationToken cancellationToken)
    {
        using var rostering = system.ClientFor(Services.Rostering, CersRoles.Administrator, CersRoles.Coordinator, CersRoles.Supervisor);
        var monday = LastMonday();
        var staff = new List<CareWorker>();
        for (var i = 0; i < workers; i++)
        {
            var town = Towns[i % Towns.Length];
            var name = $"Bench Worker {i + 1:000} ({town.Town})";
            var phone = $"+447700900{i:000}";
            var id = await RegisterAsync(rostering, new
            {
                name, phone, role = "care-worker", skills = Skills.All,
                training = new[] { Skills.MedicationAdministration, Skills.MovingAndHandling, Skills.PegFeeding }.Select(s => new { skill = s, expiresOn = "2030-12-31" }),
                dbsCheckExpiresOn = "2030-12-31", languages = new[] { "en" },
                homeBase = new { latitude = town.Latitude + (i / Towns.Length * 0.01), longitude = town.Longitude }, active = true,
                registeredBy = "benchmark harness",
            }, cancellationToken);
            await RotaAsync(rostering, $"On call {i + 1:000}", "care-worker", [id], monday, 20, cancellationToken);
            staff.Add(new CareWorker(id, name, phone));
        }

        var coordinators = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            coordinators.Add(await RegisterAsync(rostering, new
            {
                name = $"Bench Coordinator {i + 1}", phone = $"+447700900{950 + i}", role = "coordinator", skills = Array.Empty<string>(),
                training = Array.Empty<object>(), languages = new[] { "en" }, active = true, registeredBy = "benchmark harness",
            }, cancellationToken));
            await RotaAsync(rostering, $"Coordinator on call {i + 1}", "coordinator", [coordinators[^1]], monday, i + 1, cancellationToken);
        }

        var manager = await RegisterAsync(rostering, new
        {
            name = "Bench Duty Manager", phone = "+447700900960", role = "duty-manager", skills = Array.Empty<string>(),
            training = Array.Empty<object>(), languages = new[] { "en" }, active = true, registeredBy = "benchmark harness",
        }, cancellationToken);
        await RotaAsync(rostering, "Duty manager", "duty-manager", [manager], monday, 1, cancellationToken);
        return staff;
    }

    public static async Task WaitForCountAsync(SystemPlace place, string countSql, long atLeast, TimeSpan within, string what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        while (true)
        {
            long count;
            try
            {
                await using var command = new NpgsqlCommand(countSql, connection);
                count = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                count = 0;
            }

            if (count >= atLeast)
            {
                return;
            }

            if (waited.Elapsed > within)
            {
                throw new TimeoutException($"Gave up waiting for {what}: {count} of {atLeast} after {within.TotalSeconds:0} s.");
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static async Task<Guid> RegisterAsync(HttpClient rostering, object body, CancellationToken cancellationToken)
    {
        using var response = await rostering.PostAsJsonAsync("/staff", body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /staff answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task RotaAsync(HttpClient rostering, string name, string role, Guid[] participants, LocalDate monday, int priority, CancellationToken cancellationToken)
    {
        using var response = await rostering.PostAsJsonAsync("/rotations", new
        {
            name, role, kind = "on-call", participants, startsAt = $"{monday:yyyy-MM-dd}T09:00:00", turnDays = 7, priority,
            createdBy = "benchmark harness",
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /rotations answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>The Monday before last: every rotation has started and runs through the whole run.</summary>
    private static LocalDate LastMonday()
    {
        var today = SystemClock.Instance.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;
        return today.PlusDays(-((int)today.DayOfWeek - 1) - 7);
    }
}
