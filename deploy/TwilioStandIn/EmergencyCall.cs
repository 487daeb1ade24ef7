using System.Xml.Linq;

namespace Cers.Dispatch.TwilioStandIn;

/// <summary>One line of an emergency call as the caller lived it: what the service said, what the caller did, where the call went.</summary>
public sealed record CallLine(CallLineKind Kind, string Text);

public enum CallLineKind
{
    ServiceSaid,
    CallerDid,
    CallWent,
}

/// <summary>What the call is waiting for: keys (a Gather), the dialled person (a Dial), or nothing any more.</summary>
public abstract record CallWaiting
{
    /// <summary>A Gather: the keys go to <paramref name="Action"/>; silence too when <paramref name="ActionOnEmptyResult"/>, else the rest of the document runs.</summary>
    public sealed record ForKeys(Uri Action, bool ActionOnEmptyResult, string FinishOnKey, Uri Document, IReadOnlyList<XElement> Rest) : CallWaiting;

    /// <summary>A Dial: ringing <paramref name="Number"/>; how that leg ends goes to <paramref name="Action"/>.</summary>
    public sealed record ForAnswer(string Number, Uri Action) : CallWaiting;

    public sealed record Ended : CallWaiting;
}

/// <summary>An emergency call placed from the simulator's emergency services phone to the service's number.</summary>
public sealed record EmergencyCall(string Sid, string From, string To, long Started, IReadOnlyList<CallLine> Lines, CallWaiting Waiting)
{
    public EmergencyCall With(CallLineKind kind, string text) => this with { Lines = [.. Lines, new CallLine(kind, text)] };

    public bool InProgress => Waiting is not CallWaiting.Ended;
}
