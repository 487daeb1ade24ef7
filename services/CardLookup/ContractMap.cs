using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Lookup.Guessing;
using Cers.Dispatch.CardLookup.Retention;
using Cers.Dispatch.ServiceDefaults.Relay;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup;

/// <summary>
/// Which of card lookup's events other services hear about, and in what shape. The register itself stays here: of a
/// registration, only whether the carer consented to sharing their plan is told.
/// </summary>
public sealed class ContractMap : EventContracts
{
    public ContractMap()
    {
        Tell<CardIssued>(e => new Published.CardIssued(e.CardNumber, e.CarerId, e.IssuedAt));
        Tell<CardReinstated>(e => new Published.CardIssued(e.CardNumber, e.CarerId, e.ReinstatedAt));
        Tell<CardReportedLost>(e => new Published.CardRevoked(e.CardNumber, e.CarerId, e.Kind == LossKind.Stolen ? "stolen" : "lost", e.ReportedAt));
        Tell<CardSuspended>(e => new Published.CardRevoked(e.CardNumber, e.CarerId, $"suspended:{Kebab(e.Reason)}", e.SuspendedAt));
        Tell<CardReplaced>(e => new Published.CardReplaced(e.CardNumber, e.NewCardNumber, e.CarerId, e.ReplacedAt));
        Tell<CardWithdrawn>(e => new Published.CardRevoked(e.CardNumber, e.CarerId, e.Ground == ErasureGround.Retention ? "withdrawn:retention" : "withdrawn:erased", e.WithdrawnAt));
        Tell<EmergencyPlanRecorded>(e => new Published.EmergencyPlanChanged(
            e.CarerId, e.Version, e.Outline.RequiredSkills, e.Location.Nation, e.Location.Area, e.Location.Latitude, e.Location.Longitude, e.RecordedAt,
            e.Outline.ReviewDate, e.KeyAccessOnFile, e.EmergencyContacts, e.ContactsConfirmedAt, WorkersNeeded: e.Outline.WorkersNeeded));
        Tell<EmergencyContactsConfirmed>(e => new Published.EmergencyContactsConfirmed(e.CarerId, e.PlanVersion, e.ConfirmedAt));
        Tell<CarerRegistered>(e => new Published.PlanConsentRecorded(e.CarerId, e.ConsentToSharePlan, e.RegisteredAt));
        Tell<PlanConsentConfirmed>(e => new Published.PlanConsentRecorded(e.CarerId, e.ConsentToSharePlan, e.ConfirmedAt));
        Tell<CarerErased>(e => new Published.CarerErased(e.CarerId, e.Ground == ErasureGround.Retention ? "retention" : "request", e.ErasedAt));
        Tell<CardGuessingSuspected>(e => new Published.CardGuessingSuspected(
            e.AlertId, e.Source, e.Channel.ToString().ToLowerInvariant(), e.RequestedBy, e.InvalidAttempts, e.WindowMinutes, e.FirstAttemptAt, e.RaisedAt));
        Tell<RetentionSweepScheduled>(e => new Escalation.StartTimer(e.TimerId, RetentionStream.Id, RetentionStream.TimerKind, e.DueAt, null));
    }

    private static string Kebab(SuspensionReason reason) => reason switch
    {
        SuspensionReason.MovedAway => "moved-away",
        SuspensionReason.RegistrationLapsed => "registration-lapsed",
        _ => "other",
    };
}
