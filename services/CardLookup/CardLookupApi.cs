namespace Cers.Dispatch.CardLookup;

/// <summary>Names this service's assembly for hosting it in tests (WebApplicationFactory).</summary>
public sealed class CardLookupApi;
