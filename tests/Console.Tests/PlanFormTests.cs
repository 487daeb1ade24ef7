using System.Text.Json;
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
}
