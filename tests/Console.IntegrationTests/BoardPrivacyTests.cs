using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.Console.IntegrationTests;

[Collection(ConsoleCollection.Name)]
public sealed class BoardPrivacyTests(ConsoleFixture system)
{
    [Fact]
    public async Task When_an_activations_personal_data_is_shredded_the_board_forgets_who_reported_it()
    {
        var id = Guid.NewGuid();
        using var coordinator = await system.CoordinatorAsync();
        await system.Bus.PublishNewsAsync(new Intake.ActivationOpened(id, "Phone", null, "Illness", "Emergency services (phone)", "PC Imogen Rowe", "+447700900321", system.Clock.GetCurrentInstant()));
        await Eventually.GetAsync(async () => (await ReportedByAsync(coordinator, id))?.Contains("Imogen Rowe") == true ? "listed" : null, what: "the activation on the board");

        await system.Bus.PublishNewsAsync(new Intake.ActivationPersonalDataShredded(id, "the carer's data was erased (request)", system.Clock.GetCurrentInstant()));

        await Eventually.GetAsync(async () => await ReportedByAsync(coordinator, id) == "[erased]" ? "erased" : null, what: "the reporter erased on the board");
        await using var session = system.Console.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await session.QueryAsync<long>($"select count(*) from {system.Console.Schema}.mt_doc_boardentry where data::text like ?", "%Imogen%")).Single()
            .Should().Be(0, "the console's own copy is gone too");
    }

    private static async Task<string?> ReportedByAsync(HttpClient coordinator, Guid id) =>
        (await coordinator.GetFromJsonAsync<JsonElement>("/api/board")).EnumerateArray()
            .Where(e => e.GetProperty("id").GetGuid() == id)
            .Select(e => e.GetProperty("reportedBy").GetString())
            .FirstOrDefault();
}
