using Marten;
using Npgsql;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// Tells crisis intake's other instances when a burst of calls begins and ends at this one, and hears when it does at
/// theirs, for <see cref="CallsBeingAnswered"/>: a notification on the schema's own channel of PostgreSQL, which every
/// instance already reaches. While a burst lasts it is told again every <see cref="CallsBeingAnswered.SayAgainEvery"/>,
/// so an instance that stops in one holds the others back no longer than <see cref="CallsBeingAnswered.BurstElsewhereLasts"/>.
/// <para>
/// Two connections of its own, outside the service's pool: the listening one is held for good, and in a burst every
/// webhook queues for the pool, where the word that the burst began would wait behind them.
/// </para>
/// </summary>
public sealed class TellingOfBursts(CallsBeingAnswered calls, IConfiguration configuration, IDocumentStore store, TimeProvider time, ILogger<TellingOfBursts> logger)
    : BackgroundService
{
    private static readonly TimeSpan TryAgainAfter = TimeSpan.FromSeconds(2);

    private bool failing;

    public static string Channel(string schema) => $"{schema}_bursts";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = Channel(store.Options.DatabaseSchemaName);
        await using var connections = OwnConnections();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listening = await connections.OpenConnectionAsync(stoppingToken);
                listening.Notification += (_, notification) => Hear(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", listening))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (failing)
                {
                    failing = false;
                    logger.LogInformation("Crisis intake's instances tell each other of bursts of calls again");
                }

                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var hearing = HearAsync(listening, either.Token);
                var telling = TellAsync(connections, channel, either.Token);
                var ended = await Task.WhenAny(hearing, telling);
                await either.CancelAsync();
                await Task.WhenAll(hearing, telling).ContinueWith(_ => { }, TaskScheduler.Default);
                await ended;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Once, not every two seconds of a PostgreSQL outage: the phone line's own logging says what callers meet.
                if (!failing)
                {
                    failing = true;
                    logger.LogWarning(e, "Crisis intake's instances cannot tell each other of bursts of calls; trying again every {Seconds} s", TryAgainAfter.TotalSeconds);
                }

                await Task.Delay(TryAgainAfter, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private NpgsqlDataSource OwnConnections()
    {
        var builder = new NpgsqlDataSourceBuilder(configuration.GetConnectionString("Marten"));
        builder.ConnectionStringBuilder.MaxPoolSize = 2;
        return builder.Build();
    }

    private static async Task HearAsync(NpgsqlConnection listening, CancellationToken cancellationToken)
    {
        while (true)
        {
            await listening.WaitAsync(cancellationToken);
        }
    }

    private void Hear(string payload)
    {
        var words = payload.Split(' ');
        if (words.Length == 2 && Guid.TryParse(words[1], out var instance))
        {
            calls.Heard(instance, words[0] == Burst);
        }
    }

    /// <summary>Says where this instance stands when it starts (a restart ends a burst it was in), at each change, and again while in a burst.</summary>
    private async Task TellAsync(NpgsqlDataSource connections, string channel, CancellationToken cancellationToken)
    {
        bool? said = null;
        Task<bool>? changed = null;
        while (true)
        {
            var inBurst = calls.InBurst;
            if (inBurst || said != inBurst)
            {
                if (inBurst && said != true)
                {
                    logger.LogWarning("A burst of emergency calls: more than {Busy} being answered at once; the relay holds back offers until they are", CallsBeingAnswered.Busy);
                }
                else if (!inBurst && said == true)
                {
                    logger.LogInformation("The burst of emergency calls is answered; the relay goes on");
                }

                await using var tell = connections.CreateCommand("SELECT pg_notify($1, $2)");
                tell.Parameters.Add(new NpgsqlParameter { Value = channel });
                tell.Parameters.Add(new NpgsqlParameter { Value = $"{(inBurst ? Burst : Quiet)} {calls.Instance}" });
                await tell.ExecuteNonQueryAsync(cancellationToken);
                said = inBurst;
            }

            changed ??= calls.BurstBeganOrEnded.WaitToReadAsync(cancellationToken).AsTask();
            Task turn = inBurst ? Task.WhenAny(changed, Task.Delay(CallsBeingAnswered.SayAgainEvery, time, cancellationToken)) : changed;
            await turn;
            if (changed.IsCompleted)
            {
                await changed;
                calls.BurstBeganOrEnded.TryRead(out _);
                changed = null;
            }
        }
    }

    private const string Burst = "burst";
    private const string Quiet = "quiet";
}
