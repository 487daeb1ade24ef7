namespace Cers.Dispatch.TwilioStandIn;

/// <summary>Names this assembly for tests that host the stand-in (WebApplicationFactory).</summary>
public sealed class TwilioStandInApp;
