using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Outgoing;

/// <summary>A provider failed a message after working (as this instance saw it): the board shows it until it recovers.</summary>
public sealed record MessagingProviderFailing(string Provider, string Why, Instant Since);

public sealed record MessagingProviderRecovered(string Provider, Instant FailingSince, Instant At);

public static class ProviderStatusStream
{
    public static Guid For(string provider) => DeterministicGuid.From($"messaging-provider/{provider}");
}

public sealed record ProviderStatusChange(MessagingProviderFailing? Failing, MessagingProviderRecovered? Recovered);

/// <summary>Stores a provider's change of state on its stream, for the board (through the service's contract map).</summary>
public sealed class RecordingProviderStatus : DurableWork.IWorkHandler
{
    public const string Kind = "provider-status";

    public IReadOnlyList<string> Kinds { get; } = [Kind];

    public Task<DurableWork.WorkOutcome> HandleAsync(DurableWork.WorkItem item, DurableWork.WorkContext context, CancellationToken cancellationToken)
    {
        var change = item.Read<ProviderStatusChange>();
        object? e = (object?)change.Failing ?? change.Recovered;
        if (e is not null && item.StreamId is { } stream)
        {
            context.Session.Events.Append(stream, e);
        }

        return Task.FromResult(DurableWork.WorkOutcome.Done("recorded"));
    }
}
