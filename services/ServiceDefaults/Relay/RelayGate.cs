namespace Cers.Dispatch.ServiceDefaults.Relay;

/// <summary>
/// Asked by the relay before each page: a service busy with what cannot wait (crisis intake answering a burst of
/// emergency calls) holds back the work its messages start in the other services, for a second at most a page. Every
/// other service lets each page through at once.
/// </summary>
public interface IRelayGate
{
    ValueTask BeforePageAsync(CancellationToken cancellationToken);
}

public sealed class OpenRelayGate : IRelayGate
{
    public ValueTask BeforePageAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
