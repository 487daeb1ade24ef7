namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// A message that overtook the one it follows on the bus (the card verified before the activation's opening was
/// consumed: they come through different queues). The one it follows is usually handled within milliseconds, so the
/// message is tried again almost at once a few times (<see cref="Messaging"/>) before the ordinary back-off.
/// </summary>
public abstract class ArrivedBeforeItsCauseException(string message) : Exception(message);
