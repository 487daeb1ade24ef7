using System.Text.Json;
using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.CrisisIntake.Activations.Safeguarding;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;

public sealed record TimelineEntry(long Version, Instant At, string AtLondon, string Source, string Event, string Summary, object Data);

/// <summary>The query string: <c>asOf</c>, when given, is the instant to see the timeline as it stood.</summary>
public sealed record TimelineQuery(string? AsOf);

public sealed class TimelineQueryValidator : AbstractValidator<TimelineQuery>
{
    public TimelineQueryValidator() => RuleFor(q => q.AsOf).IsoInstant(required: false);
}

public static class ActivationTimelineSlice
{
    public const string Source = "crisis-intake";

    private static readonly TimelineQueryValidator Validator = new();

    /// <summary>
    /// Every step of the activation in order, including what rostering and escalation reported, each with the service it
    /// came from, in the order they were taken (<see cref="TimelineOrder"/>); with <c>asOf</c>, the timeline as it stood
    /// at that instant.
    /// </summary>
    public static async Task<IResult> Handle(
        Guid id, string? asOf, IQuerySession session, PersonalDataVault vault, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new TimelineQuery(asOf)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        if (await session.Events.FetchStreamStateAsync(id, cancellationToken) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        var events = Parse.Instant(asOf) is { } at
            ? await session.Events.FetchStreamAsync(id, timestamp: at.ToDateTimeOffset(), token: cancellationToken)
            : await session.Events.FetchStreamAsync(id, token: cancellationToken);
        var key = await vault.ExistingKeyAsync(session, ActivationPrivacy.Subject(id), cancellationToken);
        return Results.Ok(TimelineOrder.InTheOrderTaken(events).Select(e => Entry(e, key, json.Value.SerializerOptions)));
    }

    /// <summary>
    /// One step, its personal data opened with the activation's key, or marked erased when the key is gone; at the time
    /// the service that took it stored it (when crisis intake recorded it is in its data).
    /// </summary>
    public static TimelineEntry Entry(IEvent e, SubjectKey? key, JsonSerializerOptions json)
    {
        var at = TimelineOrder.WhenTaken(e);
        var (source, summary) = e.Data switch
        {
            ActivationOpened o => (Source, $"Opened by {key.Show(o.ReportedBy.Name)} ({o.ReportedBy.Agency}) {How(o.Channel)}: {PlainWords.Of(o.Reason)}"),
            CardVerified v => (Source, $"Card {v.CardNumber} verified ({PlainWords.Of(v.CardStatus)}{(v.CardWorks ? "" : ", NOT WORKING")}){(v.Area is null ? "" : $", {v.Area}")}{(v.IdentifiedBy is null ? "" : $", identified by {v.IdentifiedBy}")}"),
            CardNotIdentified n => (Source, $"Card not identified: {n.Why}"),
            CardNotInUse n => (Source, $"Card {n.CardNumber} is {n.CardStatus.ToLowerInvariant()}: a coordinator must confirm the carer before anyone is sent"),
            CardRecognised r => (Source, $"Card {r.CardNumber} recognised from what card lookup had told crisis intake (card lookup not asked)"),
            ReportAttached r => (Source, $"Further report from {key.Show(r.ReportedBy.Name)} ({r.ReportedBy.Agency}) via {r.Channel}"),
            CoordinatorDialled d => (Source, $"Caller being put through to {d.Name} ({PlainWords.Of(d.Role)})"),
            CoordinatorAnswered a => (Source, $"{a.Name} took the call"),
            CoordinatorDidNotAnswer n => (Source, $"{n.Name} did not answer ({Dialling(n.DialStatus)})"),
            CallStatusRecorded c => (Source, $"Call {PlainWords.Of(c.Status)}{(c.DurationSeconds is { } s ? $" after {s} s" : "")}"),
            LongerTermCareArranged l => (Source, $"Longer-term care arranged by {l.ArrangedBy}: {PlainWords.Of(l.Arrangement)}, {key.Show(l.Details)}"),
            CoverEndedEarly c => (Source, $"Cover ended early by {c.EndedBy}: {c.Reason}"),
            CoverExtended x => (Source, $"Cover extended to {LondonTime.Show(x.NewLimitAt)} by {x.DecidedBy}: {x.Reason}"),
            NoteRecorded n => (Source, $"Note by {n.By}: {key.Show(n.Text)}"),
            ActivationClosed c => (Source, $"Closed by {c.ClosedBy}: {Closing(c.Outcome)}"),
            SafeguardingConcernRaised c => (Source, $"Safeguarding concern about {(c.Subject == SafeguardingSubject.Child ? "a child" : "an adult")} ({PlainWords.Of(c.Category)}) raised by {c.RaisedBy}; refer to {c.ReferralRoute.Name} {c.ReferralRoute.Phone}; safeguarding lead {c.Lead.Name} to be paged"),
            SafeguardingLeadNotified n => (Source, $"Safeguarding lead {n.LeadName} told by SMS{(n.Called ? " and phone call" : "")} (before alarms were paged)"),
            ServiceReported r => (r.Source, r.Show(key)),
            HandoverPackPrepared p => (Source, p.Occasion == HandoverPackOccasion.CoverLimitNear
                ? $"Handover pack ready to open and send: the cover limit is {p.HoursBeforeLimit} hours away"
                : "Handover pack ready to open and send: longer-term care arranged"),
            HandoverPackSent p => (Source, $"Handover pack sent to {Recipient(p.To)} ({key.Show(p.RecipientName)}) {Delivery(p.How)} by {p.SentBy}"),
            PersonalDataShredded s => (Source, $"Personal data erased ({s.Reason}); the steps keep their place"),
            _ => (Source, e.EventTypeName.Replace('_', ' ')),
        };
        return new TimelineEntry(e.Version, at, LondonTime.Show(at), source, e.EventTypeName, summary, ActivationPrivacy.Reveal(e.Data, key, json)!);
    }

    private static string How(Channel channel) => channel switch
    {
        Channel.Phone => "by phone",
        Channel.PartnerApi => "through the partner API",
        Channel.Console => "at the console",
        Channel.PlannedCover => "from a planned-cover booking",
        _ => PlainWords.Of(channel),
    };

    /// <summary>Twilio's dial statuses, as a coordinator would say them.</summary>
    private static string Dialling(string status) => status switch
    {
        "no-answer" => "no answer",
        "busy" => "line busy",
        "failed" => "the call failed",
        "canceled" => "call cancelled",
        _ => PlainWords.Of(status),
    };

    private static string Recipient(HandoverPackRecipient to) => to switch
    {
        HandoverPackRecipient.AdultSocialCare => "adult social care",
        HandoverPackRecipient.ChildrensSocialCare => "children's social care",
        _ => "the family",
    };

    private static string Delivery(HandoverPackDelivery how) => how switch
    {
        HandoverPackDelivery.SecureEmail => "by secure email",
        HandoverPackDelivery.HandedOver => "handed over in person",
        _ => "by post",
    };

    private static string Closing(ActivationOutcome outcome) => outcome switch
    {
        ActivationOutcome.LongerTermCareInPlace => "longer-term care in place",
        ActivationOutcome.CarerAbleToCareAgain => "the carer can care again",
        ActivationOutcome.CaredForPersonAdmitted => "the cared-for person was admitted",
        ActivationOutcome.NoCoverNeeded => "no cover needed",
        _ => "other",
    };
}
