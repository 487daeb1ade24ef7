using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;

namespace Cers.Dispatch.CardLookup.Lookup;

public static class LookupRequester
{
    /// <summary>Every lookup says who asked and through which channel, for the audit.</summary>
    public static (LookupChannel Channel, string RequestedBy) Validate(FieldErrors errors, string? channel, string? requestedBy)
    {
        LookupChannel parsed = default;
        if (channel is null || !Enum.TryParse(channel, ignoreCase: true, out parsed) || !Enum.IsDefined(parsed))
        {
            errors.Add("channel", "One of phone, partner, console.");
        }

        return (parsed, errors.Required("requestedBy", requestedBy));
    }
}
