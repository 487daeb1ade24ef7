using Bogus;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Marten;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Demo;

/// <summary>
/// Demo staff around Cambridge and Peterborough with rotations covering the weeks ahead (fixed seed: the same people every
/// run; running it twice adds nothing). Phone numbers are in Ofcom's range reserved for drama (07700 900xxx).
/// </summary>
public static class DemoSeeder
{
    public const int Seed = 20_261_126;
    private const string SeededBy = "demo-seeder";
    public const int CareWorkers = 40;

    private static readonly (string Town, double Latitude, double Longitude)[] Bases =
    [
        ("Cambridge", 52.205, 0.119), ("Histon", 52.252, 0.105), ("Cherry Hinton", 52.186, 0.176), ("Ely", 52.399, 0.262),
        ("St Ives", 52.333, -0.075), ("Huntingdon", 52.331, -0.183), ("Peterborough", 52.573, -0.241), ("Whittlesey", 52.558, -0.130),
        ("March", 52.551, 0.088), ("St Neots", 52.228, -0.270),
    ];

    private static readonly string[][] SkillSets =
    [
        [Skills.PersonalCare, Skills.MedicationAdministration, Skills.Dementia],
        [Skills.PersonalCare, Skills.MovingAndHandling],
        [Skills.Autism, Skills.Children, Skills.LearningDisability],
        [Skills.PegFeeding, Skills.MovingAndHandling, Skills.PersonalCare, Skills.MedicationAdministration],
        [Skills.Epilepsy, Skills.MedicationAdministration, Skills.Children],
        [Skills.MentalHealth, Skills.MedicationAdministration, Skills.PersonalCare],
    ];

    public static async Task<int> RunFromCommandLineAsync(IHost host)
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var clock = host.Services.GetRequiredService<IClock>();
        var (staff, rotations) = await SeedAsync(store, clock.GetCurrentInstant(), CancellationToken.None);
        Console.WriteLine($"Demo data: {staff} staff and {rotations} rotations (new this run).");
        return 0;
    }

    /// <summary>Seeds what is not there yet; returns how many staff and rotations were added.</summary>
    public static async Task<(int Staff, int Rotations)> SeedAsync(IDocumentStore store, Instant now, CancellationToken cancellationToken)
    {
        var faker = new Faker("en_GB") { Random = new Randomizer(Seed) };
        var today = now.InZone(RotaResolution.London).Date;
        var people = new List<StaffRegistered>();
        for (var i = 0; i < CareWorkers; i++)
        {
            var place = Bases[i % Bases.Length];
            var skills = SkillSets[i % SkillSets.Length];
            people.Add(new StaffRegistered(
                faker.Random.Guid(), faker.Name.FullName(), Phone(100 + i), StaffRoles.CareWorker, skills,
                skills.Where(s => Matching.WorkerRanking.NeedTraining.Contains(s))
                    .Select(s => new Training(s, today.PlusDays(faker.Random.Int(i % 9 == 0 ? 5 : 60, 700)))).ToList(),
                today.PlusDays(faker.Random.Int(i % 11 == 0 ? 10 : 90, 1000)),
                i % 7 == 0 ? ["en", "pl"] : i % 5 == 0 ? ["en", "pa"] : ["en"],
                new Location(place.Latitude + faker.Random.Double(-0.03, 0.03), place.Longitude + faker.Random.Double(-0.03, 0.03)),
                Active: i != CareWorkers - 1, SeededBy, now));
        }

        var coordinators = Enumerable.Range(0, 4).Select(i => Manager(faker, StaffRoles.Coordinator, 200 + i, now)).ToList();
        var managers = Enumerable.Range(0, 2).Select(i => Manager(faker, StaffRoles.DutyManager, 300 + i, now)).ToList();
        people.AddRange(coordinators);
        people.AddRange(managers);

        var monday = today.PlusDays(-(((int)today.DayOfWeek) - 1));
        var workers = people.Where(p => p.Role == StaffRoles.CareWorker).Select(p => p.StaffId).ToList();
        var rotations = new List<RotationCreated>();
        for (var team = 0; team < 4; team++)
        {
            var members = workers.Skip(team * 10).Take(10).ToList();
            rotations.Add(Rotation(faker, $"Day shift team {team + 1}", StaffRoles.CareWorker, RotationKinds.Shift, members.Take(5).ToList(),
                monday.At(new LocalTime(8, 0)), days: 1, hours: null, new LocalTime(8, 0), new LocalTime(20, 0), 10, now));
            rotations.Add(Rotation(faker, $"Night shift team {team + 1}", StaffRoles.CareWorker, RotationKinds.Shift, members.Skip(5).ToList(),
                monday.At(new LocalTime(20, 0)), days: 1, hours: null, new LocalTime(20, 0), new LocalTime(8, 0), 10, now));
        }

        rotations.Add(Rotation(faker, "Coordinator on call (primary)", StaffRoles.Coordinator, RotationKinds.OnCall,
            [coordinators[0].StaffId, coordinators[1].StaffId], monday.At(new LocalTime(9, 0)), 7, null, null, null, 1, now));
        rotations.Add(Rotation(faker, "Coordinator on call (secondary)", StaffRoles.Coordinator, RotationKinds.OnCall,
            [coordinators[2].StaffId, coordinators[3].StaffId], monday.At(new LocalTime(9, 0)), 7, null, null, null, 2, now));
        rotations.Add(Rotation(faker, "Duty manager", StaffRoles.DutyManager, RotationKinds.OnCall,
            managers.Select(m => m.StaffId).ToList(), monday.At(new LocalTime(9, 0)), 7, null, null, null, 1, now));

        // One worker of each skill set is on call round the clock, so any plan can be covered even near a shift change.
        for (var set = 0; set < SkillSets.Length; set++)
        {
            var specialists = workers.Where((_, i) => i % SkillSets.Length == set).ToList();
            rotations.Add(Rotation(faker, $"On call: {string.Join(", ", SkillSets[set])}", StaffRoles.CareWorker, RotationKinds.OnCall,
                specialists, monday.At(new LocalTime(9, 0)), days: 1, hours: null, null, null, 20, now));
        }

        await using var session = store.LightweightSession();
        var staffAdded = 0;
        foreach (var person in people)
        {
            if (await session.LoadAsync<StaffMember>(person.StaffId, cancellationToken) is null)
            {
                session.Events.StartStream<StaffMember>(person.StaffId, person);
                session.Store(new StaffPhone(person.Phone, person.StaffId));
                staffAdded++;
            }
        }

        var rotationsAdded = 0;
        foreach (var rotation in rotations)
        {
            if (await session.LoadAsync<Rotation>(rotation.RotationId, cancellationToken) is null)
            {
                session.Events.StartStream<Rotation>(rotation.RotationId, rotation);
                rotationsAdded++;
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        return (staffAdded, rotationsAdded);
    }

    private static StaffRegistered Manager(Faker faker, string role, int number, Instant now) =>
        new(faker.Random.Guid(), faker.Name.FullName(), Phone(number), role, [], [], null, ["en"], null, true, SeededBy, now);

    private static RotationCreated Rotation(
        Faker faker, string name, string role, string kind, IReadOnlyList<Guid> participants, LocalDateTime start, int? days, int? hours,
        LocalTime? from, LocalTime? to, int priority, Instant now) =>
        new(faker.Random.Guid(), name, role, kind, participants, start, days, hours, from, to, priority, SeededBy, now);

    private static string Phone(int n) => $"+447700900{n:000}";
}
