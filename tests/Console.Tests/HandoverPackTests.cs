using System.Text.Json;
using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.HandoverPacks;
using Cers.Dispatch.Console.Plans;
using Cers.Dispatch.Console.Supervision;
using NodaTime;
using UglyToad.PdfPig;

namespace Cers.Dispatch.Console.Tests;

public sealed class HandoverPackTests
{
    private static readonly Guid ActivationId = Guid.Parse("7a1f0c52-6a55-4f0e-9d0b-0d3c1c2a9e11");
    private static readonly Guid Arthur = Guid.NewGuid();
    private static readonly Instant Opened = Instant.FromUtc(2026, 11, 23, 9, 0);

    private readonly List<AuditStep> steps = [];

    private HandoverPack Pack(Plans.PlanShown? plan = null, string planWords = "No emergency plan had been recorded when the activation opened.") =>
        HandoverPack.From(
            new AuditTrail(
                ActivationId,
                new ActivationShown(ActivationId, "Open", "PartnerApi", "4921 0000 0001", "AdmittedToHospital",
                    new ReporterShown("East of England Ambulance", "Paramedic J. Dunn", null), "Addenbrooke's", "Husband has dementia",
                    Opened, "Verified", Guid.NewGuid(), "Active", true, "CB", 1, null, null, null),
                steps, null, default),
            plan, planWords);

    private HandoverPackTests Step(int hoursAfterOpening, string @event, string summary, string data)
    {
        steps.Add(new AuditStep(steps.Count + 1, Opened + Duration.FromHours(hoursAfterOpening), "", "crisis-intake", @event, summary, null, JsonDocument.Parse(data).RootElement));
        return this;
    }

    private HandoverPackTests Reported(int hoursAfterOpening, string step, string doneBy, string summary, string? details = null) =>
        Step(hoursAfterOpening, "service_reported", summary,
            JsonSerializer.Serialize(new { source = "rostering", step, summary, doneBy, details }));

    [Fact]
    public void Each_handover_keeps_the_notes_as_written_with_the_supervisors_queries_and_sign_off_and_says_when_none_is_signed_off_yet()
    {
        Reported(1, "worker-arrived", "Asha Day", "Asha Day arrived: cover started")
            .Reported(12, "handover-recorded", "Asha Day", "Asha Day handed over to Ben Night: Gave 10 mg at 18:00. Watch his breathing. (awaiting sign-off)", "Gave 10 mg at 18:00. Watch his breathing.")
            .Reported(13, "handover-queried", "Supervisor S. Patel", "Handover queried by Supervisor S. Patel: Which medicine?", "Which medicine?")
            .Reported(14, "handover-signed-off", "Supervisor S. Patel", "Handover signed off by Supervisor S. Patel: Checked with Asha.", "Checked with Asha.")
            .Reported(24, "handover-recorded", "Ben Night", "Ben Night handed over: Quiet night. (awaiting sign-off)", "Quiet night.");

        var pack = Pack();

        pack.Handovers.Should().HaveCount(2);
        pack.Handovers[0].Should().BeEquivalentTo(new { From = "Asha Day", To = "Ben Night", Notes = "Gave 10 mg at 18:00. Watch his breathing.", SignedOff = true });
        pack.Handovers[0].Reviews.Select(r => (r.SignedOff, r.Comment)).Should().Equal((false, "Which medicine?"), (true, "Checked with Asha."));
        pack.Handovers[1].To.Should().BeNull();
        Lines(pack, "handovers").Should().Equal(
            "Mon 23 Nov 2026 21:00 GMT: Asha Day handed over to Ben Night: Gave 10 mg at 18:00. Watch his breathing.",
            "Mon 23 Nov 2026 22:00 GMT: Queried by Supervisor S. Patel: Which medicine?",
            "Mon 23 Nov 2026 23:00 GMT: Signed off by Supervisor S. Patel: Checked with Asha.",
            "Tue 24 Nov 2026 09:00 GMT: Ben Night handed over: Quiet night.",
            "Not signed off yet.");
    }

    [Fact]
    public void Who_covered_when_pairs_each_worker_s_arrival_with_their_leaving()
    {
        Reported(1, "worker-arrived", "Asha Day", "Asha Day arrived: cover started")
            .Reported(12, "worker-arrived", "Ben Night", "Ben Night arrived to take over")
            .Reported(13, "worker-left", "Asha Day", "Asha Day left");

        Lines(Pack(), "cover").Should().Equal(
            "Asha Day: Mon 23 Nov 2026 10:00 GMT to Mon 23 Nov 2026 22:00 GMT",
            "Ben Night: Mon 23 Nov 2026 21:00 GMT to still there when this pack was built");
    }

    [Fact]
    public void Concerns_list_the_account_and_referral_route_beside_the_coordinators_notes_and_the_arrangement_and_sendings_follow()
    {
        Step(2, "safeguarding_concern_raised", "Safeguarding concern about an adult",
                """{"raisedBy":"Cara Ahmed","raisedByRole":"coordinator","subject":"Adult","category":"SelfNeglect","account":"No food in the house","immediateDanger":false,"referralRoute":{"name":"Adult social care (CB)","phone":"+443450455202"}}""")
            .Step(3, "note_recorded", "Note by Cara Ahmed: Daughter Sue phoned", """{"by":"Cara Ahmed","text":"Daughter Sue phoned"}""")
            .Step(30, "longer_term_care_arranged", "Longer-term care arranged", """{"arrangement":"CarePackage","details":"Care agency from Monday","arrangedBy":"Cara Ahmed"}""")
            .Step(31, "handover_pack_sent", "Handover pack sent to adult social care (Jo Bell) by secure email by Cara Ahmed", """{"sentBy":"Cara Ahmed"}""");

        var pack = Pack();

        Lines(pack, "concerns").Should().Equal(
            "Mon 23 Nov 2026 11:00 GMT: Concern about an adult (self neglect) raised by Cara Ahmed (coordinator): No food in the house. Referral route: Adult social care (CB) +443450455202.",
            "Mon 23 Nov 2026 12:00 GMT: Note by Cara Ahmed: Daughter Sue phoned");
        Lines(pack, "longer-term-care").Should().Equal("Tue 24 Nov 2026 15:00 GMT: Care package: Care agency from Monday (recorded by Cara Ahmed)");
        Lines(pack, "sent").Should().Equal("Tue 24 Nov 2026 16:00 GMT: Handover pack sent to adult social care (Jo Bell) by secure email by Cara Ahmed");
    }

    [Fact]
    public void Medication_given_says_no_separate_record_is_kept_and_lists_the_workers_notes_beside_the_plan_s_schedule()
    {
        Reported(12, "handover-recorded", "Asha Day", "Asha Day handed over: Gave 10 mg at 18:00. (awaiting sign-off)", "Gave 10 mg at 18:00.");
        var plan = new Plans.PlanShown(Guid.NewGuid(), 3, Opened - Duration.FromDays(20), new LocalDate(2027, 5, 1), false, null,
            [new PersonCareShown(Arthur, "Arthur", "Hale", "Dementia; needs prompting", null, null, null, null, null, null, null)],
            [new MedicineShown(Arthur, "Donepezil", "10 mg", [new LocalTime(18, 0)], "by mouth", "kitchen cupboard", "care worker")],
            null, null, null, null, null, [new EmergencyContactShown(1, "Sue Hale", "daughter", "+447700900123")], false);

        var lines = Lines(Pack(plan, "Version 3"), "medication");

        lines.Should().Equal(
            HandoverPack.NoMedicationRecord,
            "Mon 23 Nov 2026 21:00 GMT, Asha Day: Gave 10 mg at 18:00.",
            "Plan's schedule, Arthur Hale: Donepezil 10 mg at 18:00, by mouth; given by care worker");
        Lines(Pack(plan, "Version 3"), "plan").Should().Contain("Arthur Hale: Dementia; needs prompting").And.Contain("Emergency contact: Sue Hale (daughter) 07700 900123");
    }

    [Fact]
    public void Without_a_plan_the_pack_says_why_instead_of_inventing_a_schedule() =>
        Lines(Pack(null, "The carer was not identified, so no emergency plan is included."), "medication")
            .Should().Equal(HandoverPack.NoMedicationRecord, "Plan's schedule: The carer was not identified, so no emergency plan is included.");

    [Fact]
    public void The_PDF_holds_every_section_and_what_was_written_and_runs_onto_further_pages_when_long()
    {
        Reported(12, "handover-recorded", "Asha Day", "Asha Day handed over: [erased] (awaiting sign-off)", "[erased]")
            .Reported(14, "handover-signed-off", "Supervisor S. Patel", "Handover signed off by Supervisor S. Patel: Checked with Asha.", "Checked with Asha.");
        for (var i = 0; i < 80; i++)
        {
            Step(20, "note_recorded", $"Note {i}", $$"""{"by":"Cara Ahmed","text":"Note {{i}}: Zoë rang about the spare key"}""");
        }

        var pdf = PackPdf.Render(Pack(), Opened + Duration.FromDays(2), "Cara Ahmed");

        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(p => p.Text));
        document.NumberOfPages.Should().BeGreaterThan(1);
        foreach (var heading in PackSections.Of(Pack()).Select(s => s.Heading))
        {
            text.Should().Contain(heading);
        }

        text.Should().Contain("Asha Day handed over: [erased]").And.Contain("Checked with Asha.").And.Contain("Note 79: Zoë rang about the spare key");
    }

    private static List<string> Lines(HandoverPack pack, string section) =>
        PackSections.Of(pack).Single(s => s.Id == section).Lines.Select(l => l.Label is null ? l.Text : $"{l.Label}: {l.Text}").ToList();
}
