using System.Security.Claims;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Staff.ChangingPhone;

public sealed record ChangePhoneRequest(string? Phone);

public sealed class ChangePhoneValidator : AbstractValidator<ChangePhoneRequest>
{
    public ChangePhoneValidator() => RuleFor(r => r.Phone).UkMobile();
}

/// <summary>
/// PUT /staff/{id}/phone: a new mobile number, e.g. after a "no working phone" alert. The number stays unique on the
/// register, because an SMS reply must lead to exactly one person.
/// </summary>
public static class ChangePhoneSlice
{
    private static readonly ChangePhoneValidator Validator = new();

    public static IReadOnlyList<object> Decide(StaffMember member, string phone, string by, Instant now) =>
        member.Phone == phone ? [] : [new StaffPhoneChanged(member.Id, member.Phone, phone, by, now)];

    public static async Task<IResult> Handle(Guid id, ChangePhoneRequest? request, ClaimsPrincipal user, IDocumentStore store, IClock clock, CancellationToken cancellationToken)
    {
        var change = request ?? new ChangePhoneRequest(null);
        if (Validator.Validate(change) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var phone = UkPhoneNumbers.MobileToE164(change.Phone)!;

        try
        {
            // Checked in each attempt: a number registered to someone else between attempts is refused, not tried again.
            var member = await StaffChanges.StoreAsync<StaffPhoneChanged>(store, id,
                m => Decide(m, phone, Caller.NameOf(user), clock.GetCurrentInstant()), (m, e) => m.Apply(e), cancellationToken,
                checkFirst: async session =>
                {
                    if (await session.LoadAsync<StaffPhone>(phone, cancellationToken) is { } taken && taken.StaffId != id)
                    {
                        throw new PhoneTakenException();
                    }
                },
                alongside: (session, m, changed) =>
                {
                    session.Delete<StaffPhone>(changed.OldPhone);
                    session.Insert(new StaffPhone(changed.Phone, m.Id));
                });
            return member is null ? StaffChanges.NoSuchMember(id) : Results.Ok(member);
        }
        catch (PhoneTakenException)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Phone number already registered",
                detail: $"{phone} belongs to someone else on the register; SMS replies must lead to one person.");
        }
    }

    private sealed class PhoneTakenException : Exception;
}
