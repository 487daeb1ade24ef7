using Cers.Dispatch.ServiceDefaults.DurableWork;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.ServiceDefaults.Outgoing;

/// <summary>The "Messaging" configuration section: how owed SMS and calls are retried.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>After this many rounds in which every provider failed, the service is told the message is not getting through (it is still tried).</summary>
    public int NotDeliveredAfterAttempts { get; set; } = 3;

    public int FirstRetrySeconds { get; set; } = 2;

    public int MaxRetrySeconds { get; set; } = 60;

    /// <summary>Whether provider failures and recoveries are stored as events (for the board), in services that publish them.</summary>
    public bool RecordProviderStatus { get; set; } = true;
}

/// <summary>
/// Sends one owed SMS or call: through the most trusted provider, then the others. A provider's failure is not the
/// recipient's refusal: the message is tried again with a growing pause for as long as it takes, a 429 is waited out
/// without counting, and only a message every provider refuses is given up.
/// </summary>
public sealed partial class SendingMessages(MessagingProviders providers, IOptions<MessagingOptions> options, ILogger<SendingMessages> logger) : IWorkHandler
{
    public IReadOnlyList<string> Kinds { get; } = [OutgoingKinds.Send];

    public bool StoresNothingButItsOutcome(WorkItem item)
    {
        try
        {
            return item.Read<OutgoingMessage>().StoresNothingButItsOutcome;
        }
        catch (System.Text.Json.JsonException)
        {
            // Done in a transaction as any other item, where its handler's failure is recorded.
            return false;
        }
    }

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var message = item.Read<OutgoingMessage>();
        // An earlier attempt that got no answer and is still to be looked for, should this one not send the message.
        UnansweredAttempt? toLookFor = null;
        if (UnansweredAttempt.Read(item.LastError) is { } unanswered && providers.Named(unanswered.Provider) is { } asked)
        {
            switch (await FindAsync(asked, message, unanswered.At, cancellationToken))
            {
                case SendResult.Accepted taken:
                    logger.LogWarning("{Channel} {MessageId} ({Purpose}) was taken by {Provider} as {Sid} on an attempt that got no answer: not sent again",
                        message.Channel, item.Id, message.Purpose, asked.Name, taken.Sid);
                    return Sent(asked, taken.Sid, item, message, context);
                case SendResult.Unavailable:
                    toLookFor = unanswered;
                    break;
            }
        }

        var failures = new List<string>();
        var refusals = new List<string>();
        TimeSpan? throttledFor = null;
        foreach (var provider in providers.InOrderOfTrust(context.Now))
        {
            var result = await TryAsync(provider, message, cancellationToken);
            if (result is SendResult.Unanswered noAnswer)
            {
                // Another provider now could send it twice: the next attempt asks this one first whether it took it.
                failures.Add($"{provider.Name}: {noAnswer.Why}");
                RecordFailing(context, providers.Failed(provider.Name, noAnswer.Why, context.Now));
                toLookFor = toLookFor?.Provider == provider.Name ? toLookFor : new UnansweredAttempt(provider.Name, context.Now);
                break;
            }

            switch (result)
            {
                case SendResult.Accepted accepted:
                    return Sent(provider, accepted.Sid, item, message, context);
                case SendResult.Throttled throttled:
                    throttledFor = throttledFor is { } longest && longest > throttled.RetryAfter ? longest : throttled.RetryAfter;
                    break;
                case SendResult.Refused refused:
                    refusals.Add($"{provider.Name}: {refused.Why}");
                    break;
                case SendResult.Unavailable unavailable:
                    failures.Add($"{provider.Name}: {unavailable.Why}");
                    RecordFailing(context, providers.Failed(provider.Name, unavailable.Why, context.Now));
                    break;
            }
        }

        if (failures.Count == 0 && throttledFor is null && refusals.Count > 0)
        {
            Tell(context, item, message, OutgoingKinds.Refused(message.Purpose), null, null, string.Join("; ", refusals));
            return WorkOutcome.Done($"refused: {string.Join("; ", refusals)}");
        }

        if (failures.Count == 0 && throttledFor is { } wait)
        {
            return WorkOutcome.WaitUntil(context.Now + Duration.FromTimeSpan(wait), toLookFor?.Before("throttled") ?? "throttled");
        }

        var why = string.Join("; ", failures.Concat(refusals).DefaultIfEmpty("no provider is configured"));
        var attempts = item.Attempts + 1;
        if (attempts == options.Value.NotDeliveredAfterAttempts)
        {
            Tell(context, item, message, OutgoingKinds.NotDelivered(message.Purpose), null, null, why);
        }

        logger.LogWarning("{Channel} {MessageId} ({Purpose}) not sent on attempt {Attempt}: {Why}", message.Channel, item.Id, message.Purpose, attempts, why);
        return WorkOutcome.FailedUntil(context.Now + RetryPause(attempts, throttledFor), toLookFor?.Before(why) ?? why);
    }

    private Duration RetryPause(int attempts, TimeSpan? throttledFor)
    {
        var settings = options.Value;
        var seconds = Math.Min(settings.MaxRetrySeconds, settings.FirstRetrySeconds * Math.Pow(2, Math.Min(attempts - 1, 16)));
        var pause = Duration.FromSeconds(seconds);
        return throttledFor is { } wait && Duration.FromTimeSpan(wait) > pause ? Duration.FromTimeSpan(wait) : pause;
    }

    private WorkOutcome Sent(IMessagingProvider provider, string sid, WorkItem item, OutgoingMessage message, WorkContext context)
    {
        var recovered = providers.Worked(provider.Name);
        return WorkOutcome.Acted(
            SentOutcome(provider.Name, sid),
            record => RecordStatus(record, recovered, record.Now),
            message.Secret ? message.Kept() : null,
            Outcome(context, item, message, OutgoingKinds.Sent(message.Purpose), provider.Name, sid, null));
    }

    private Task<SendResult?> FindAsync(IMessagingProvider provider, OutgoingMessage message, Instant since, CancellationToken cancellationToken) =>
        AskAsync(provider, message, "looking for an unanswered", () => provider.FindUnansweredAsync(message, since, cancellationToken), cancellationToken);

    private async Task<SendResult> TryAsync(IMessagingProvider provider, OutgoingMessage message, CancellationToken cancellationToken) =>
        (await AskAsync(provider, message, "sending", async () => await provider.SendAsync(message, cancellationToken), cancellationToken))!;

    /// <summary>A provider that throws instead of answering is read as unavailable.</summary>
    private async Task<SendResult?> AskAsync(
        IMessagingProvider provider, OutgoingMessage message, string doing, Func<Task<SendResult?>> ask, CancellationToken cancellationToken)
    {
        try
        {
            return await ask();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Provider {Provider} threw {Doing} {Purpose} {Channel}", provider.Name, doing, message.Purpose, message.Channel);
            return new SendResult.Unavailable($"{e.GetType().Name}: {e.Message}");
        }
    }

    private static void Tell(WorkContext context, WorkItem item, OutgoingMessage message, string kind, string? provider, string? sid, string? why)
    {
        if (Outcome(context, item, message, kind, provider, sid, why) is { } outcome)
        {
            context.Queue.Schedule(context.Session, outcome, context.Now);
        }
    }

    /// <summary>What became of the message, for the service to hear as work of <paramref name="kind"/>, when it asked to.</summary>
    private static FollowUp? Outcome(WorkContext context, WorkItem item, OutgoingMessage message, string kind, string? provider, string? sid, string? why) =>
        message.ReportOutcome
            ? new FollowUp(DeterministicGuid.From($"{kind}/{item.Id:N}"), kind, item.StreamId, new MessageOutcome(item.Id, item.StreamId, message.Kept(), provider, sid, why, item.Attempts + 1, context.Now))
            : null;

    /// <summary>
    /// A provider's change of state is stored by work of its own, not in this transaction: a conflict on the provider's
    /// stream must never roll back the record that the message went (it would be sent twice).
    /// </summary>
    private void RecordFailing(WorkContext context, ProviderTrouble? began)
    {
        if (began is not null && options.Value.RecordProviderStatus)
        {
            var failing = new MessagingProviderFailing(began.Provider, began.Why, began.Since);
            context.Queue.Schedule(context.Session, DeterministicGuid.From($"provider-failing/{began.Provider}/{began.Since}"), RecordingProviderStatus.Kind, ProviderStatusStream.For(began.Provider), new ProviderStatusChange(failing, null), context.Now, context.Now);
        }
    }

    private void RecordStatus(WorkContext context, ProviderTrouble? ended, Instant now)
    {
        if (ended is not null && options.Value.RecordProviderStatus)
        {
            var recovered = new MessagingProviderRecovered(ended.Provider, ended.Since, now);
            context.Queue.Schedule(context.Session, DeterministicGuid.From($"provider-recovered/{ended.Provider}/{ended.Since}"), RecordingProviderStatus.Kind, ProviderStatusStream.For(ended.Provider), new ProviderStatusChange(null, recovered), now, now);
        }
    }

    /// <summary>How a message a provider accepted is recorded on its work item: read back by <see cref="TryReadSent"/>.</summary>
    public static string SentOutcome(string provider, string sid) => $"sent by {provider} as {sid}";

    /// <summary>The provider and its id for a message, from a work item's outcome, when a provider accepted it.</summary>
    public static bool TryReadSent(string? outcome, out string provider, out string sid)
    {
        var sent = outcome is null ? null : SentPattern().Match(outcome);
        (provider, sid) = sent is { Success: true } ? (sent.Groups["provider"].Value, sent.Groups["sid"].Value) : ("", "");
        return sent is { Success: true };
    }

    [System.Text.RegularExpressions.GeneratedRegex("^sent by (?<provider>[a-z]+) as (?<sid>\\S+)$")]
    private static partial System.Text.RegularExpressions.Regex SentPattern();
}

/// <summary>
/// A provider that got an attempt and gave no answer, as the attempt's failure is stored on the work item (its last
/// error) for the next attempt to read: which provider to ask, and from when.
/// </summary>
public sealed partial record UnansweredAttempt(string Provider, Instant At)
{
    /// <summary>The last error to store: this attempt's <paramref name="why"/>, after what the next attempt must look for first.</summary>
    public string Before(string why) => $"{Provider} did not answer an attempt made at {InstantPattern.ExtendedIso.Format(At)}: {why}";

    public static UnansweredAttempt? Read(string? lastError) =>
        lastError is not null && Pattern().Match(lastError) is { Success: true } match
        && InstantPattern.ExtendedIso.Parse(match.Groups["at"].Value) is { Success: true } at
            ? new UnansweredAttempt(match.Groups["provider"].Value, at.Value)
            : null;

    [System.Text.RegularExpressions.GeneratedRegex("^(?<provider>[a-z]+) did not answer an attempt made at (?<at>\\S+): ")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}
