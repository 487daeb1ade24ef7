using System.Security.Claims;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Staff.Renewing;

public sealed record ExpiryRequest(string? ExpiresOn);

public sealed class ExpiryValidator : AbstractValidator<ExpiryRequest>
{
    public ExpiryValidator() => RuleFor(r => r.ExpiresOn).IsoDate();
}

/// <summary>PUT /staff/{id}/dbs-check: a renewed DBS check (or a corrected date). An expiry alert for the old date resolves.</summary>
public static class RecordDbsCheckSlice
{
    private static readonly ExpiryValidator Validator = new();

    public static IReadOnlyList<object> Decide(StaffMember member, LocalDate expiresOn, string by, Instant now) =>
        member.DbsCheckExpiresOn == expiresOn ? [] : [new DbsCheckRecorded(member.Id, expiresOn, by, now)];

    public static async Task<IResult> Handle(Guid id, ExpiryRequest? request, ClaimsPrincipal user, IDocumentStore store, IClock clock, CancellationToken cancellationToken)
    {
        var expiry = request ?? new ExpiryRequest(null);
        if (Validator.Validate(expiry) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var member = await StaffChanges.StoreAsync<DbsCheckRecorded>(store, id,
            m => Decide(m, Parse.Date(expiry.ExpiresOn)!.Value, Caller.NameOf(user), clock.GetCurrentInstant()), (m, e) => m.Apply(e), cancellationToken);
        return member is null ? StaffChanges.NoSuchMember(id) : Results.Ok(member);
    }
}
