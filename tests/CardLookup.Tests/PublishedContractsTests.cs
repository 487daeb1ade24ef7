using System.Text.Json;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Cards.Printing;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.ServiceDefaults;
using JasperFx.Events;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class PublishedContractsTests
{
    private static readonly ContractMap Map = new();
    private static readonly Instant At = Demo.Now;

    /// <summary>Events as Marten stores them: camel case, enums as strings, NodaTime's ISO forms.</summary>
    private static readonly JsonSerializerOptions Stored = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static object? Publish(object data) => Map.ToContracts(new Event<object>(data)).SingleOrDefault();

    [Fact]
    public void Card_events_are_published_as_issued_revoked_and_replaced()
    {
        var card = Guid.NewGuid();
        Publish(new CardIssued(card, "492177305518", Demo.CarerId, null, "hub", At)).Should().Be(new Published.CardIssued("492177305518", Demo.CarerId, At));
        Publish(new CardReportedLost(card, "492177305518", Demo.CarerId, LossKind.Stolen, "carer", At))
            .Should().Be(new Published.CardRevoked("492177305518", Demo.CarerId, "stolen", At));
        Publish(new CardSuspended(card, "492177305518", Demo.CarerId, SuspensionReason.MovedAway, null, "hub", At))
            .Should().Be(new Published.CardRevoked("492177305518", Demo.CarerId, "suspended:moved-away", At));
        Publish(new CardReinstated(card, "492177305518", Demo.CarerId, "hub", At)).Should().Be(new Published.CardIssued("492177305518", Demo.CarerId, At));
        Publish(new CardReplaced(card, "492177305518", Demo.CarerId, "100000000006", "hub", At))
            .Should().Be(new Published.CardReplaced("492177305518", "100000000006", Demo.CarerId, At));
    }

    [Fact]
    public void A_new_plan_version_is_published_with_skills_and_where_it_applies()
    {
        var (command, _) = Carers.Planning.RecordEmergencyPlanSlice.Validate(Demo.Plan(), Demo.Assessed, At);
        var recorded = Carers.Planning.RecordEmergencyPlanSlice.Decide(command!, Demo.Opened(Demo.Assessed), Demo.Key);

        Publish(recorded).Should().BeEquivalentTo(new Published.EmergencyPlanChanged(
            Demo.CarerId, 1, ["autism", "epilepsy", "children"], "england-and-wales", "LS6 Leeds", 53.82, -1.58, At,
            ReviewDate: new LocalDate(2027, 5, 25), KeyAccessOnFile: true, EmergencyContacts: 2, ContactsConfirmedAt: null, WorkersNeeded: 1));
    }

    [Fact]
    public void A_plan_for_a_two_person_transfer_is_published_needing_two_care_workers_at_once()
    {
        var (command, _) = Carers.Planning.RecordEmergencyPlanSlice.Validate(Demo.Plan() with { WorkersNeeded = 2 }, Demo.Assessed, At);
        var recorded = Carers.Planning.RecordEmergencyPlanSlice.Decide(command!, Demo.Opened(Demo.Assessed), Demo.Key);

        ((Published.EmergencyPlanChanged)Publish(recorded)!).WorkersNeeded.Should().Be(2);
    }

    [Fact]
    public void A_plan_version_stored_before_readiness_is_published_with_its_review_date_one_care_worker_and_the_rest_unknown()
    {
        var (command, _) = Carers.Planning.RecordEmergencyPlanSlice.Validate(Demo.Plan(), Demo.Assessed, At);
        var json = JsonSerializer.SerializeToNode(Carers.Planning.RecordEmergencyPlanSlice.Decide(command!, Demo.Opened(Demo.Assessed), Demo.Key), Stored)!.AsObject();
        json.Remove("keyAccessOnFile");
        json.Remove("emergencyContacts");
        json.Remove("contactsConfirmedAt");
        json["outline"]!.AsObject().Remove("workersNeeded");

        var published = (Published.EmergencyPlanChanged)Publish(json.Deserialize<EmergencyPlanRecorded>(Stored)!)!;

        published.ReviewDate.Should().Be(new LocalDate(2027, 5, 25));
        published.KeyAccessOnFile.Should().BeNull();
        published.EmergencyContacts.Should().BeNull();
        published.ContactsConfirmedAt.Should().BeNull();
        published.WorkersNeeded.Should().Be(1, "a plan stored before it was asked needs one care worker");
    }

    [Fact]
    public void A_contacts_confirmation_is_published_without_who_or_how()
    {
        Publish(new EmergencyContactsConfirmed(Demo.CarerId, 3, ConfirmationMethod.SmsReply, "hub: J Brown", At))
            .Should().Be(new Published.EmergencyContactsConfirmed(Demo.CarerId, 3, At));
    }

    [Fact]
    public void Of_the_register_only_the_consent_to_share_the_plan_is_published_at_registration_and_each_confirmation()
    {
        Publish(Demo.Registered).Should().Be(new Published.PlanConsentRecorded(Demo.CarerId, true, Demo.Registered.RegisteredAt));
        Publish(new PlanConsentConfirmed(Demo.CarerId, false, "hub: J Brown", At)).Should().Be(new Published.PlanConsentRecorded(Demo.CarerId, false, At));
        Publish(Demo.RohanRegistered).Should().BeNull();
    }

    [Fact]
    public void An_erasure_is_published_so_other_services_erase_their_copies_and_its_cards_are_revoked()
    {
        Publish(new CarerErased(Demo.CarerId, ErasureGround.Request, "DSR-114", "admin", At))
            .Should().Be(new Published.CarerErased(Demo.CarerId, "request", At));
        Publish(new CardWithdrawn(Guid.NewGuid(), "492177305518", Demo.CarerId, ErasureGround.Retention, At))
            .Should().Be(new Published.CardRevoked("492177305518", Demo.CarerId, "withdrawn:retention", At));
    }

    [Fact]
    public void The_daily_retention_sweep_is_asked_of_escalations_durable_timers()
    {
        var timerId = Guid.NewGuid();

        Publish(new Retention.RetentionSweepScheduled(timerId, At, At)).Should().Be(
            new Cers.Dispatch.Contracts.Escalation.StartTimer(timerId, Retention.RetentionStream.Id, "card-lookup-retention-sweep", At, null));
    }

    [Fact]
    public void A_card_guessing_alert_is_published_for_the_duty_manager()
    {
        var alert = new Lookup.Guessing.CardGuessingSuspected(Guid.NewGuid(), "caller:x|phone:+447700900123", Lookup.Audit.LookupChannel.Phone, "+447700900123", 5, 10, At, At);

        Publish(alert).Should().Be(new Published.CardGuessingSuspected(alert.AlertId, alert.Source, "phone", "+447700900123", 5, 10, At, At));
    }

    [Fact]
    public void The_printed_card_is_business_card_sized_yellow_and_shows_the_first_name_only()
    {
        var html = PrintCardSlice.Html("0808 157 0000", "492177305518", "Asha");

        html.Should().Contain("size: 85.6mm 54mm").And.Contain("#ffd600").And.Contain("4921 7730 5518").And.Contain("0808 157 0000").And.Contain("Asha");
        html.Should().NotContain("Patel");
    }

    [Fact]
    public void A_name_on_the_card_cannot_inject_markup() =>
        PrintCardSlice.Html("0808 157 0000", "492177305518", "<script>").Should().Contain("&lt;script&gt;").And.NotContain("<script>");
}
