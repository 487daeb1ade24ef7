using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Alarms.Acknowledging;

public sealed record AcknowledgeAlarmRequest(string? AcknowledgedBy);

public sealed class AcknowledgeAlarmValidator : AbstractValidator<AcknowledgeAlarmRequest>
{
    public AcknowledgeAlarmValidator() =>
        RuleFor(r => r.AcknowledgedBy).RequiredText().WithMessage("Who answers for the alarm (at most 200 characters).");
}

/// <summary>
/// A person answers for an alarm, which stops its paging: by SMS (ACK and the code, from a phone that was paged or belongs
/// to a coordinator or duty manager), by pressing 1 on the alarm's call, or in the console.
/// </summary>
public sealed class AlarmAcknowledgements(IDocumentStore store, IClock clock)
{
    private const int ConflictRetries = 5;

    private static readonly AcknowledgeAlarmValidator Validator = new();

    /// <summary>The reply to an ACK text from <paramref name="phone"/>, with or without a code.</summary>
    public async Task<string> BySmsAsync(string phone, string? code, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        Alarm? alarm;
        if (code is not null)
        {
            alarm = await query.LoadAsync<AlarmCode>(code, cancellationToken) is { } known ? await query.LoadAsync<Alarm>(known.AlarmId, cancellationToken) : null;
            if (alarm is null || !alarm.IsOpen)
            {
                return $"CERS: there is no open alarm {code}. It may have been answered already.";
            }
        }
        else
        {
            var paged = (await query.Query<Alarm>().Where(a => a.State == AlarmState.Open).ToListAsync(cancellationToken))
                .Where(a => a.PersonWith(phone) is not null).ToList();
            if (paged.Count != 1)
            {
                return paged.Count == 0
                    ? "CERS: you have no open alarm to acknowledge."
                    : $"CERS: you have {paged.Count} open alarms ({string.Join(", ", paged.Select(a => a.Code))}). Reply ACK and the code.";
            }

            alarm = paged[0];
        }

        var person = alarm.PersonWith(phone) ?? await OnCallStaffAsync(query, phone, cancellationToken);
        if (person is null)
        {
            return "CERS: this number was not paged for that alarm. Please answer it in the console.";
        }

        var acknowledged = await AcknowledgeAsync(alarm.Id, $"{person.Name} ({person.Role})", "sms", cancellationToken);
        return acknowledged
            ? $"CERS: alarm {alarm.Code} is yours. Paging has stopped. Open the console for the details."
            : $"CERS: alarm {alarm.Code} was already answered. Thank you.";
    }

    /// <summary>Someone pressed a key on the alarm's call to <paramref name="phone"/>; only 1 acknowledges.</summary>
    public async Task<bool> ByKeypressAsync(Guid alarmId, string phone, string digits, CancellationToken cancellationToken)
    {
        if (digits != "1")
        {
            return false;
        }

        await using var query = store.QuerySession();
        var alarm = await query.LoadAsync<Alarm>(alarmId, cancellationToken);
        var person = alarm?.PersonWith(phone);
        return person is not null && await AcknowledgeAsync(alarmId, $"{person.Name} ({person.Role})", "call", cancellationToken);
    }

    /// <summary>POST /alarms/{id}/acknowledgement: a coordinator or duty manager answers for it in the console.</summary>
    public static async Task<IResult> Handle(Guid id, AcknowledgeAlarmRequest request, AlarmAcknowledgements acknowledgements, IQuerySession query, CancellationToken cancellationToken)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        if (await query.LoadAsync<Alarm>(id, cancellationToken) is not { } alarm)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no alarm {id}.");
        }

        var acknowledged = await acknowledgements.AcknowledgeAsync(id, Parse.Text(request.AcknowledgedBy)!, "console", cancellationToken);
        await using var fresh = query.DocumentStore.QuerySession();
        return acknowledged || alarm.State == AlarmState.Acknowledged
            ? Results.Ok(await fresh.LoadAsync<Alarm>(id, cancellationToken))
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Alarm {alarm.Code} is no longer open ({alarm.State}).");
    }

    /// <summary>True when this acknowledgement is the one that stopped the paging.</summary>
    public async Task<bool> AcknowledgeAsync(Guid alarmId, string by, string via, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CarryTraceContext();
            var stream = await session.Events.FetchForWriting<Alarm>(alarmId, cancellationToken);
            if (stream.Aggregate is not { } alarm)
            {
                return false;
            }

            var events = AlarmDecider.Acknowledge(alarm, by, via, clock.GetCurrentInstant());
            if (events.Count == 0)
            {
                return false;
            }

            stream.AppendMany(events);
            session.Delete<AlarmCode>(alarm.Code);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (Exception e) when (StreamConflicts.IsStreamMovedOn(e) && attempt < ConflictRetries)
            {
                // A paging step or a second acknowledgement was stored first: decide again on what it left.
            }
        }
    }

    /// <summary>A coordinator or duty manager on the register may answer any alarm by SMS, paged or not.</summary>
    private static async Task<PagedPerson?> OnCallStaffAsync(IQuerySession query, string phone, CancellationToken cancellationToken) =>
        await StaffPhone.OwnerAsync(query, phone, cancellationToken) is { Active: true, Role: StaffRoles.Coordinator or StaffRoles.DutyManager } member
            ? new PagedPerson(member.Name, member.Phone, member.Role)
            : null;
}
