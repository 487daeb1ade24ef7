using NodaTime;

namespace Cers.Dispatch.CrisisIntake.PartnerAgencies;

/// <summary>
/// An agency allowed to report through the intake API (an ambulance trust, a hospital discharge team). Only the hash of
/// its current key is kept; revoked keys stay listed so an audit can see who could report when.
/// </summary>
public sealed record PartnerAgency(
    string Id,
    string Name,
    string KeyHash,
    Instant KeyIssuedAt,
    string KeyIssuedBy,
    Instant? RevokedAt = null,
    string? RevokedBy = null)
{
    public bool Active => RevokedAt is null;
}

public sealed record PartnerAgencyView(string AgencyId, string Name, Instant KeyIssuedAt, string KeyIssuedBy, Instant? RevokedAt, string? RevokedBy)
{
    public static PartnerAgencyView From(PartnerAgency agency) =>
        new(agency.Id, agency.Name, agency.KeyIssuedAt, agency.KeyIssuedBy, agency.RevokedAt, agency.RevokedBy);
}

/// <summary>The key itself is in this answer only, once: afterwards only its hash exists.</summary>
public sealed record IssuedKey(string AgencyId, string Name, string ApiKey, Instant KeyIssuedAt);
