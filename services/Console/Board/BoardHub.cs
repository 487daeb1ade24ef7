using Microsoft.AspNetCore.SignalR;

namespace Cers.Dispatch.Console.Board;

/// <summary>Browsers on the board listen here; every change to an entry is pushed as "entryChanged", to an alarm as "alarmsChanged".</summary>
public sealed class BoardHub : Hub
{
    public const string Path = "/hubs/board";
    public const string EntryChanged = "entryChanged";
    public const string AlarmsChanged = "alarmsChanged";
}
