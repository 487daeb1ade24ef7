using Bogus;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Marten;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Demo;

/// <summary>
/// Demo staff in the towns where card lookup's demo carers live, so a newcomer's first calls find someone near at any
/// hour: in each town, for each skill set, one worker on days (08:00-20:00) and one on nights (20:00-08:00), every day;
/// coordinators and duty managers on weekly on-call rotations. Fixed seed: the same people every run, and running it twice
/// adds nothing. Phone numbers are in Ofcom's range reserved for drama (07700 900xxx).
/// </summary>
public static class DemoSeeder
{
    public const int Seed = 20_261_126;
    private const string SeededBy = "demo-seeder";

    /// <summary>The towns of card lookup's demo carers (its DemoSeeder): demo data of another service, repeated on purpose.</summary>
    private static readonly (string Town, double Latitude, double Longitude)[] Bases =
    [
        ("Leeds", 53.820, -1.577), ("Glasgow", 55.876, -4.292), ("Belfast", 54.577, -5.943), ("Cardiff", 51.488, -3.160),
        ("Edinburgh", 55.970, -3.172), ("Manchester", 53.449, -2.222), ("Bristol", 51.462, -2.557), ("Norwich", 52.630, 1.280),
        ("Aberdeen", 57.165, -2.105), ("Plymouth", 50.372, -4.128), ("Newcastle upon Tyne", 54.976, -1.572), ("Leicester", 52.615, -1.110),
        ("Derry", 55.003, -7.318), ("Inverness", 57.471, -4.200), ("Swansea", 51.620, -3.940), ("London Hackney", 51.545, -0.060),
        ("London Peckham", 51.470, -0.065), ("Birmingham", 52.430, -1.880), ("Dundee", 56.470, -2.940), ("York", 53.970, -1.070),
    ];

    /// <summary>Each need of the demo plans is met by one set; the senior carers have every skill, for plans that need several.</summary>
    private static readonly string[][] SkillSets =
    [
        [Skills.PersonalCare, Skills.MedicationAdministration, Skills.Dementia],
        [Skills.PersonalCare, Skills.MovingAndHandling],
        [Skills.Autism, Skills.Children, Skills.LearningDisability, Skills.PersonalCare],
        [Skills.PegFeeding, Skills.MovingAndHandling, Skills.PersonalCare, Skills.MedicationAdministration],
        [Skills.Epilepsy, Skills.MedicationAdministration, Skills.Children],
        [Skills.MentalHealth, Skills.MedicationAdministration, Skills.PersonalCare],
        Skills.All.ToArray(),
    ];

    private static readonly (string Name, LocalTime From, LocalTime To)[] Shifts =
        [("Days", new LocalTime(8, 0), new LocalTime(20, 0)), ("Nights", new LocalTime(20, 0), new LocalTime(8, 0))];

    public static int CareWorkers => Bases.Length * SkillSets.Length * Shifts.Length;

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
        // The rota starts on the Monday of the week before: seeded at any hour (a Monday at 01:00 too), the night shift
        // that began the evening before and this week's on-call are already running.
        var monday = today.PlusDays(-(((int)today.DayOfWeek) - 1) - 7);
        var people = new List<StaffRegistered>();
        var rotations = new List<RotationCreated>();
        var i = 0;
        foreach (var place in Bases)
        {
            foreach (var skills in SkillSets)
            {
                foreach (var shift in Shifts)
                {
                    // A few have training or DBS checks running out soon, and one has left: the rota alerts have something to show.
                    var worker = new StaffRegistered(
                        faker.Random.Guid(), faker.Name.FullName(), Phone(400 + i), StaffRoles.CareWorker, skills,
                        skills.Where(s => Matching.WorkerRanking.NeedTraining.Contains(s))
                            .Select(s => new Training(s, today.PlusDays(i % 97 == 5 ? 5 : faker.Random.Int(60, 700)))).ToList(),
                        today.PlusDays(i % 89 == 7 ? 10 : faker.Random.Int(90, 1000)),
                        i % 7 == 0 ? ["en", "pl"] : i % 5 == 0 ? ["en", "pa"] : ["en"],
                        new Location(place.Latitude + faker.Random.Double(-0.03, 0.03), place.Longitude + faker.Random.Double(-0.03, 0.03)),
                        Active: i != CareWorkers - 1, SeededBy, now);
                    people.Add(worker);
                    rotations.Add(Rotation(faker, $"{place.Town} {shift.Name}: {worker.Name}", StaffRoles.CareWorker, RotationKinds.Shift, [worker.StaffId],
                        monday.At(shift.From), days: 1, hours: null, shift.From, shift.To, 10, now));
                    i++;
                }
            }
        }

        var coordinators = Enumerable.Range(0, 4).Select(n => Manager(faker, StaffRoles.Coordinator, 200 + n, now)).ToList();
        var managers = Enumerable.Range(0, 2).Select(n => Manager(faker, StaffRoles.DutyManager, 300 + n, now)).ToList();
        people.AddRange(coordinators);
        people.AddRange(managers);

        rotations.Add(Rotation(faker, "Coordinator on call (primary)", StaffRoles.Coordinator, RotationKinds.OnCall,
            [coordinators[0].StaffId, coordinators[1].StaffId], monday.At(new LocalTime(9, 0)), 7, null, null, null, 1, now));
        rotations.Add(Rotation(faker, "Coordinator on call (secondary)", StaffRoles.Coordinator, RotationKinds.OnCall,
            [coordinators[2].StaffId, coordinators[3].StaffId], monday.At(new LocalTime(9, 0)), 7, null, null, null, 2, now));
        rotations.Add(Rotation(faker, "Duty manager", StaffRoles.DutyManager, RotationKinds.OnCall,
            managers.Select(m => m.StaffId).ToList(), monday.At(new LocalTime(9, 0)), 7, null, null, null, 1, now));

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
