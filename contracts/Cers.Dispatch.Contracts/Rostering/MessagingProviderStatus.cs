using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>An SMS and voice provider (Twilio, or the second) started failing, or works again: the board shows which is down.</summary>
public sealed record MessagingProviderStatusChanged(string Provider, bool Failing, string? Why, Instant At);
