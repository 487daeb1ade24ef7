using System.Globalization;
using Bogus;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Cards.Numbers;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Planning;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Demo;

/// <summary>
/// Generated demo carers, cared-for people, assessments, plans and cards (en_GB, fixed seed: the same run gives the same
/// people and card numbers). Written as the service's own events, so projections and the bus see them as real history.
/// Phone numbers are in Ofcom's ranges reserved for drama, so no real person is ever called.
/// </summary>
public static class DemoSeeder
{
    public const int Seed = 20_261_125;
    private const string SeededBy = "demo-seeder";
    private const string TwoPersonTransfer = "Two-person transfer with hoist";

    private static readonly (string Town, string District, double Latitude, double Longitude)[] Places =
    [
        ("Leeds", "LS6", 53.820, -1.577), ("Glasgow", "G12", 55.876, -4.292), ("Belfast", "BT9", 54.577, -5.943),
        ("Cardiff", "CF24", 51.488, -3.160), ("Edinburgh", "EH6", 55.970, -3.172), ("Manchester", "M14", 53.449, -2.222),
        ("Bristol", "BS5", 51.462, -2.557), ("Norwich", "NR2", 52.630, 1.280), ("Aberdeen", "AB24", 57.165, -2.105),
        ("Plymouth", "PL4", 50.372, -4.128), ("Newcastle upon Tyne", "NE6", 54.976, -1.572), ("Leicester", "LE2", 52.615, -1.110),
        ("Derry", "BT48", 55.003, -7.318), ("Inverness", "IV2", 57.471, -4.200), ("Swansea", "SA1", 51.620, -3.940),
        ("London", "E8", 51.545, -0.060), ("London", "SE15", 51.470, -0.065), ("Birmingham", "B13", 52.430, -1.880),
        ("Dundee", "DD4", 56.470, -2.940), ("York", "YO31", 53.970, -1.070),
    ];

    private static readonly string[] Relationships = ["son", "daughter", "mother", "father", "husband", "wife", "partner", "brother", "sister", "grandson"];

    private static readonly (string Needs, string[] Tasks, string[] Conditions, string[] Skills)[] Profiles =
    [
        ("Needs full support with personal care and prompting through the day.", ["washing", "dressing", "toileting"], ["dementia"], [Skills.PersonalCare, Skills.Dementia]),
        ("Autistic; needs a calm, predictable routine and warning before any change.", ["prompting to eat", "bedtime routine"], ["autism"], [Skills.Autism, Skills.Children]),
        ("Fed by PEG tube overnight; needs turning twice a night.", ["PEG feed", "repositioning", "continence care"], ["cerebral palsy"], [Skills.PegFeeding, Skills.MovingAndHandling, Skills.PersonalCare]),
        ("Epilepsy with tonic-clonic seizures; must not be left alone.", ["supervision", "rescue medication if seizure over 5 minutes"], ["epilepsy"], [Skills.Epilepsy, Skills.MedicationAdministration]),
        ("Learning disability; independent with eating, needs help with washing and money.", ["washing", "meal preparation"], ["Down's syndrome"], [Skills.LearningDisability, Skills.PersonalCare]),
        ("Severe depression; needs company and medication given at set times.", ["medication prompts", "meals"], ["depression"], [Skills.MentalHealth, Skills.MedicationAdministration]),
        ("Uses a hoist for all transfers after a stroke.", ["hoisting", "washing", "dressing"], ["stroke", "type 2 diabetes"], [Skills.MovingAndHandling, Skills.PersonalCare]),
    ];

    public static async Task<int> RunFromCommandLineAsync(IHost host, string[] args)
    {
        var carers = 300;
        var at = Array.IndexOf(args, "--carers");
        if (at >= 0 && (at + 1 >= args.Length || !int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out carers) || carers is < 1 or > 100_000))
        {
            await Console.Error.WriteLineAsync("Usage: seed-demo [--carers N]   (1 to 100000, default 300)");
            return 2;
        }

        var store = host.Services.GetRequiredService<IDocumentStore>();
        var clock = host.Services.GetRequiredService<IClock>();
        var cards = await SeedAsync(
            store, host.Services.GetRequiredService<PersonalDataVault>(), host.Services.GetRequiredService<BlindIndex>(), clock.GetCurrentInstant(), carers,
            CancellationToken.None);
        Console.WriteLine($"Demo data: {carers} carers. Try card {CardNumber.Grouped(cards[0])} or {CardNumber.Grouped(cards[1])}.");
        return 0;
    }

    /// <summary>
    /// Seeds (or, when already seeded, only finds) the demo carers, each with their data key and search entries as
    /// registration stores them; returns the working demo card numbers.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeedAsync(
        IDocumentStore store, PersonalDataVault vault, BlindIndex index, Instant now, int carers, CancellationToken cancellationToken)
    {
        var faker = NewFaker();
        var working = new List<string>();
        await using var session = store.LightweightSession();
        for (var i = 0; i < carers; i++)
        {
            var history = Generate(faker, now, i);
            if (history.WorkingCard is { } workingCard)
            {
                working.Add(workingCard);
            }

            if (await session.LoadAsync<Carer>(history.CarerId, cancellationToken) is not null)
            {
                continue;
            }

            var (search, reference) = CarerIndexes.For(index, history.CarerId, history.Details);
            session.Insert(vault.Wrap(history.Key, now));
            session.Insert(search);
            session.Insert(reference);
            session.Events.StartStream<Carer>(history.CarerId, history.CarerEvents);
            foreach (var (cardId, cardEvents) in history.Cards)
            {
                session.Events.StartStream<Card>(cardId, cardEvents);
            }

            if (i % 50 == 49)
            {
                await session.SaveChangesAsync(cancellationToken);
            }
        }

        await session.SaveChangesAsync(cancellationToken);
        return working;
    }

    /// <summary>A faker with the demo locale and seed: the same sequence of people on every run.</summary>
    public static Faker NewFaker() => new("en_GB") { Random = new Randomizer(Seed) };

    /// <summary>The <paramref name="index"/>th demo carer's history; call in order on one faker.</summary>
    public static DemoHistory Generate(Faker f, Instant now, int index)
    {
        var today = Ages.Today(now);
        var carerId = f.Random.Guid();
        var registeredAt = now - Duration.FromDays(f.Random.Int(30, 900));
        var place = f.PickRandom(Places);
        var postcode = $"{place.District} {f.Random.Int(1, 9)}{f.Random.String2(2, "ABDEFGHJLNPQRSTUWXYZ")}";
        var last = f.Name.LastName();
        var address = new Address(
            $"{f.Random.Int(1, 180)} {f.Address.StreetName()}", f.Random.Bool(0.2f) ? $"Flat {f.Random.Int(1, 12)}" : null, place.Town, postcode,
            Math.Round(place.Latitude + f.Random.Double(-0.01, 0.01), 5), Math.Round(place.Longitude + f.Random.Double(-0.01, 0.01), 5));
        var phones = new List<Phone> { new("home", $"+44207946{f.Random.Int(0, 999):0000}") };
        if (f.Random.Bool(0.4f))
        {
            phones.Add(new Phone("work", $"+44161496{f.Random.Int(0, 999):0000}"));
        }

        var key = SubjectKey.Generate(OpenedCarer.KeySubject(carerId));
        var details = new CarerDetails(
            new PersonName(f.Name.FirstName(), last), today.PlusYears(-f.Random.Int(19, 80)).PlusDays(-f.Random.Int(0, 364)),
            address, phones, f.Random.WeightedRandom(["English", "Welsh", "Polish", "Urdu", "Punjabi", "Gaelic"], [0.8f, 0.05f, 0.05f, 0.04f, 0.03f, 0.03f]),
            $"HUB-{index + 1:000000}");
        var area = $"{place.District} {place.Town}";
        var events = new List<object>
        {
            new CarerRegistered(carerId, key.Seal(details), Postcodes.Nation(postcode), area, f.Random.Bool(0.95f), SeededBy, registeredAt),
        };

        var people = new List<(Guid Id, string First)>();
        for (var p = 0; p < (f.Random.Bool(0.2f) ? 2 : 1); p++)
        {
            var personId = f.Random.Guid();
            var first = f.Name.FirstName();
            people.Add((personId, first));
            events.Add(new CaredForPersonRegistered(
                carerId, personId,
                key.Seal(new CaredForDetails(new PersonName(first, last), today.PlusYears(-f.Random.Int(4, 92)).PlusDays(-f.Random.Int(0, 364)), f.PickRandom(Relationships))),
                SeededBy, registeredAt + Duration.FromMinutes(5)));
        }

        var assessmentId = f.Random.Guid();
        var assessedOn = registeredAt + Duration.FromDays(f.Random.Int(3, 20));
        events.Add(new AssessmentBooked(carerId, assessmentId, assessedOn.InZone(Ages.ServiceZone).LocalDateTime.Date.At(new LocalTime(10, 0)),
            f.Name.FullName(), SeededBy, registeredAt + Duration.FromHours(1)));
        events.Add(new AssessmentCompleted(carerId, assessmentId, key.Seal("Home visit done; plan agreed with the carer."), SeededBy, assessedOn));

        var profiles = people.Select(_ => f.PickRandom(Profiles)).ToList();
        // The random draws keep the order they had before the plan was sealed, so the demo card numbers stay the same.
        var personCare = people.Select((p, i) => new PersonCare(
            p.Id, profiles[i].Needs, profiles[i].Tasks, f.PickRandom("Walks with a frame", "Wheelchair user", "Fully mobile", "Unsteady on stairs"),
            f.Random.Bool(0.3f) ? TwoPersonTransfer : null, f.PickRandom("Speaks clearly", "Uses Makaton", "Non-verbal; uses picture cards", "Hard of hearing: face them"),
            f.PickRandom("Normal diet", "Soft diet", "Diabetic diet", "Nil by mouth: PEG only"), f.Random.Bool(0.3f) ? ["penicillin"] : [], profiles[i].Conditions)).ToList();
        var medication = people.Select(p => new Medication(p.Id, f.PickRandom("Levetiracetam", "Donepezil", "Sertraline", "Metformin", "Paracetamol"),
            f.PickRandom("500 mg", "10 mg", "50 mg", "1 g"), [new LocalTime(8, 0), new LocalTime(20, 0)], "by mouth",
            "blue box on the kitchen shelf", "any trained care worker")).ToList();
        IReadOnlyList<string> aids = f.Random.Bool(0.4f) ? ["hoist", "hospital bed"] : ["grab rails"];
        var gp = new GeneralPractice($"Dr {f.Name.LastName()}", $"{place.Town} Medical Practice", $"+44113496{f.Random.Int(0, 999):0000}");
        var secrets = new DoorSecrets("Side gate, back door.", f.Random.ReplaceNumbers("####"));
        var access = new HomeAccess(true, f.Random.Bool(0.3f) ? "Friendly dog" : null, f.Random.Bool(0.1f) ? "Steep steps at the front" : null, "Ground floor bedroom");
        var contacts = new List<EmergencyContact>
        {
            new(1, f.Name.FullName(), "sister", $"+44117496{f.Random.Int(0, 999):0000}"),
            new(2, f.Name.FullName(), "neighbour", $"+44118496{f.Random.Int(0, 999):0000}"),
        };
        var plan = new EmergencyPlan(
            personCare, medication, aids, gp, access,
            [new KeyItem("house keys", "hook by the back door"), new KeyItem("medication", "blue box on the kitchen shelf")], contacts);
        var outline = new PlanOutline(
            people.Select(p => p.Id).ToList(),
            profiles.SelectMany(p => p.Skills).Distinct().ToList(),
            // One in twenty plans is overdue, so the demo shows the warning.
            index % 20 == 3 ? today.PlusDays(-10) : today.PlusMonths(f.Random.Int(1, 12)),
            personCare.Any(p => p.MovingAndHandling == TwoPersonTransfer) ? 2 : 1);
        var planned = assessedOn + Duration.FromDays(2);
        events.Add(new EmergencyPlanRecorded(carerId, 1, outline, key.Seal(plan), key.Seal(secrets),
            CoverLocation.Coarse(Postcodes.Nation(postcode), area, address.Latitude, address.Longitude), SeededBy, planned,
            RecordEmergencyPlanSlice.KeyAccessOnFile(plan, secrets), contacts.Count));

        // One carer in ten has contacts never confirmed, so the demo shows a plan that is not ready yet. The others were
        // phoned again lately, as the office does: a few are coming due or have just lapsed.
        if (index % 10 != 4)
        {
            events.Add(new EmergencyContactsConfirmed(carerId, 1, ConfirmationMethod.Phoned, SeededBy,
                Instant.Max(planned + Duration.FromHours(2), now - Duration.FromDays(index % 185))));
        }

        // Consent is asked again each year; a few carers are due.
        if (registeredAt < now - Duration.FromDays(300) && index % 25 != 7)
        {
            events.Add(new PlanConsentConfirmed(carerId, true, SeededBy, Instant.Max(planned + Duration.FromHours(3), now - Duration.FromDays(index % 300))));
        }

        var cardId = f.Random.Guid();
        var number = CardNumber.Generate(max => f.Random.Int(0, max - 1));
        var issuedAt = planned + Duration.FromDays(1);
        var cards = new List<(Guid CardId, object[] Events)>();
        var issued = new CardIssued(cardId, number, carerId, null, SeededBy, issuedAt);
        switch (index % 25)
        {
            case 7:
                cards.Add((cardId, new object[] { issued, new CardSuspended(cardId, number, carerId, SuspensionReason.MovedAway, null, SeededBy, issuedAt + Duration.FromDays(30)) }));
                return new DemoHistory(carerId, key, details, events.ToArray(), cards, null);
            case 13:
                var replacement = CardNumber.Generate(max => f.Random.Int(0, max - 1));
                var replacementId = f.Random.Guid();
                var lostAt = issuedAt + Duration.FromDays(40);
                cards.Add((cardId, new object[] { issued, new CardReportedLost(cardId, number, carerId, LossKind.Lost, SeededBy, lostAt),
                    new CardReplaced(cardId, number, carerId, replacement, SeededBy, lostAt) }));
                cards.Add((replacementId, new object[] { new CardIssued(replacementId, replacement, carerId, number, SeededBy, lostAt) }));
                return new DemoHistory(carerId, key, details, events.ToArray(), cards, replacement);
            default:
                cards.Add((cardId, new object[] { issued }));
                return new DemoHistory(carerId, key, details, events.ToArray(), cards, number);
        }
    }
}

/// <summary>
/// One demo carer's events (sealed with <c>Key</c>, which the store must hold for them to be read) and their cards'
/// events; <c>Details</c> are the carer's in clear, for the search entries; <c>WorkingCard</c> is the number that works, if any.
/// </summary>
public sealed record DemoHistory(
    Guid CarerId, SubjectKey Key, CarerDetails Details, object[] CarerEvents, IReadOnlyList<(Guid CardId, object[] Events)> Cards, string? WorkingCard);
