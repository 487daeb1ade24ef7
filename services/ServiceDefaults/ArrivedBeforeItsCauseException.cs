namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// A message that overtook the one it follows on the bus (the card verified before the activation's opening was
/// consumed: they come through different queues). The one it follows is usually handled within milliseconds, so the
/// message has a retry of its own (<see cref="Messaging"/>) that starts almost at once, in place of the ordinary back-off.
/// </summary>
public abstract class ArrivedBeforeItsCauseException(string message) : Exception(message);
