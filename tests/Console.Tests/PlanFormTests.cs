using System.Text.Json;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Plans;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Cers.Dispatch.Console.Tests;

public sealed class PlanFormTests
{
    [Fact]
    public void Empty_rows_are_no_items_and_each_item_sent_remembers_its_row()
    {
        var form = PlanForm.Posted(new FormCollection(new Dictionary<string, StringValues>
        {
            ["people"] = "1", ["medicineRows"] = "3", ["keyItemRows"] = "2", ["contactRows"] = "2",
            ["people[0].personId"] = Guid.NewGuid().ToString(), ["people[0].careNeeds"] = "Help with washing.",
            ["medication[0].name"] = "", ["medication[1].name"] = "Donepezil", ["medication[1].times"] = "08:00, 20:00",
            ["keyItems[1].item"] = "house keys", ["keyItems[1].location"] = "hook",
            ["emergencyContacts[0].name"] = "Sue Hale",
            ["requiredSkills"] = new StringValues(["dementia", "epilepsy"]),
            [PlanForm.KeepDoorSecrets] = "true",
        }));

        var (body, rows) = form.ToRequest("Ada Admin");

        rows.Medicines.Should().Equal(1);
        rows.KeyItems.Should().Equal(1);
        rows.Contacts.Should().Equal(0);
        var json = JsonSerializer.SerializeToElement(body);
        json.GetProperty("medication")[0].GetProperty("times").EnumerateArray().Select(t => t.GetString()).Should().Equal("08:00", "20:00");
        json.GetProperty("requiredSkills").EnumerateArray().Select(s => s.GetString()).Should().BeEquivalentTo(["dementia", "epilepsy"]);
        json.GetProperty("homeAccess").GetProperty("keepDoorSecrets").GetBoolean().Should().BeTrue();
        json.GetProperty("recordedBy").GetString().Should().Be("Ada Admin");
    }

    [Fact]
    public void A_contact_ticked_as_holding_a_key_is_sent_as_holding_one_and_the_others_as_not()
    {
        var form = PlanForm.Posted(new FormCollection(new Dictionary<string, StringValues>
        {
            ["contactRows"] = "3",
            ["emergencyContacts[0].name"] = "Sue Hale", ["emergencyContacts[0].phone"] = "0113 496 0700",
            ["emergencyContacts[2].name"] = "Ian Ross", ["emergencyContacts[2].phone"] = "020 7946 0800", ["emergencyContacts[2].holdsKey"] = "true",
        }));

        var (body, rows) = form.ToRequest("Ada Admin");

        rows.Contacts.Should().Equal(0, 2);
        var contacts = JsonSerializer.SerializeToElement(body).GetProperty("emergencyContacts");
        contacts.EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("holdsKey").GetBoolean()))
            .Should().Equal(("Sue Hale", false), ("Ian Ross", true));
    }

    [Fact]
    public void A_revision_starts_with_each_contact_ticked_as_the_plan_records_them()
    {
        var carer = new CarerShown(Guid.NewGuid(), new PersonNameShown("Grace", "Okafor"), [], [], 1, false);
        var plan = new PlanShown(
            carer.CarerId, 1, NodaTime.Instant.FromUtc(2026, 11, 25, 14, 0), new NodaTime.LocalDate(2027, 5, 1), false, null, [], [], [], null, null, [], [],
            [new EmergencyContactShown(2, "Ian Ross", "neighbour", "+442079460800", HoldsKey: true), new EmergencyContactShown(1, "Sue Hale", "daughter", "+441134960700")],
            false);

        var form = PlanForm.From(plan, carer);

        form.HoldsKey(0).Should().BeFalse("Sue is called first and holds no key");
        form.HoldsKey(1).Should().BeTrue();
        form.HoldsKey(2).Should().BeFalse("an empty row holds nothing");
    }

    [Theory]
    [InlineData("2", 2)]
    [InlineData("1", 1)]
    [InlineData("", null)]
    [InlineData("two", 0)]
    public void The_care_workers_chosen_are_sent_none_chosen_as_one_and_text_that_is_no_number_to_be_refused(string chosen, int? sent)
    {
        var form = PlanForm.Posted(new FormCollection(new Dictionary<string, StringValues> { [PlanForm.WorkersNeeded] = chosen }));

        var (body, _) = form.ToRequest("Ada Admin");

        var workers = JsonSerializer.SerializeToElement(body).GetProperty("workersNeeded");
        (workers.ValueKind == JsonValueKind.Null ? (int?)null : workers.GetInt32()).Should().Be(sent);
    }

    [Fact]
    public void A_form_refused_keeps_the_care_workers_chosen()
    {
        var form = PlanForm.Posted(new FormCollection(new Dictionary<string, StringValues> { [PlanForm.WorkersNeeded] = "2", ["reviewDate"] = "2020-01-01" }));

        form[PlanForm.WorkersNeeded].Should().Be("2");
    }

    [Fact]
    public void A_revision_starts_with_the_care_workers_the_plan_needs_at_once()
    {
        var carer = new CarerShown(Guid.NewGuid(), new PersonNameShown("Grace", "Okafor"), [], [], 1, false);
        var plan = new PlanShown(
            carer.CarerId, 1, NodaTime.Instant.FromUtc(2026, 11, 25, 14, 0), new NodaTime.LocalDate(2027, 5, 1), false, null, [], [], [], null, null, [], [], [],
            false, WorkersNeeded: 2);

        PlanForm.From(plan, carer)[PlanForm.WorkersNeeded].Should().Be("2");
    }

    [Fact]
    public void A_refusal_of_the_care_workers_names_the_field_as_the_form_labels_it()
    {
        var answer = new ServiceAnswer(400, JsonSerializer.SerializeToElement(new { errors = new { workersNeeded = new[] { "1, or 2 for a two-person transfer." } } }), null);

        PlanRefusal.Of(answer, new SentRows([], [], [], []), null).Fields
            .Should().Equal("Care workers needed at once: 1, or 2 for a two-person transfer.");
    }
}
