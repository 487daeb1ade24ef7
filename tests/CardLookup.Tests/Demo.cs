using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.Planning;
using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

/// <summary>A carer, Asha Patel of Leeds, who cares for her son Rohan, at the points in the story tests need.</summary>
internal static class Demo
{
    public static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 10, 0);
    public static readonly Guid CarerId = Guid.Parse("0194f3a0-0000-7000-8000-000000000001");
    public static readonly Guid Rohan = Guid.Parse("0194f3a0-0000-7000-8000-000000000002");
    public static readonly Guid AssessmentId = Guid.Parse("0194f3a0-0000-7000-8000-000000000003");

    /// <summary>Asha's data key, as the vault would hand it out.</summary>
    public static readonly SubjectKey Key = SubjectKey.Generate(OpenedCarer.KeySubject(CarerId));

    public static readonly CarerDetails Asha = new(
        new PersonName("Asha", "Patel"), new LocalDate(1979, 5, 2), new Address("14 Cardigan Road", null, "Leeds", "LS6 1LJ", 53.8178, -1.5765),
        [new Phone("home", "+441134960001")], "English", "HUB-000123");

    public static CarerRegistered Registered => new(CarerId, Key.Seal(Asha), "england-and-wales", "LS6 Leeds", true, "hub-staff", Now - Duration.FromDays(30));

    public static CaredForPersonRegistered RohanRegistered => new(
        CarerId, Rohan, Key.Seal(new CaredForDetails(new PersonName("Rohan", "Patel"), new LocalDate(2016, 3, 1), "son")), "hub-staff", Now - Duration.FromDays(29));

    public static Carer RegisteredCarer => Carer.Create(Registered);

    public static Carer CaringForRohan => RegisteredCarer.Apply(RohanRegistered);

    public static Carer Assessed => CaringForRohan
        .Apply(new AssessmentBooked(CarerId, AssessmentId, new LocalDateTime(2026, 11, 10, 10, 0), "Sam Jones", "hub-staff", Now - Duration.FromDays(28)))
        .Apply(new AssessmentCompleted(CarerId, AssessmentId, Key.Seal("Plan agreed."), "Sam Jones", Now - Duration.FromDays(15)));

    public static OpenedCarer Opened(Carer carer) => OpenedCarer.Open(carer, Key);

    public static RecordEmergencyPlanRequest Plan(Guid? personId = null) => new(
        [new PersonCareRequest(personId ?? Rohan, "Autistic; needs a calm routine.", ["bedtime routine"], "Fully mobile", null, "Uses picture cards", "Soft diet", ["penicillin"], ["autism", "epilepsy"])],
        [new MedicationRequest(personId ?? Rohan, "Levetiracetam", "250 mg", ["08:00", "20:00"], "by mouth", "kitchen cupboard", "trained staff")],
        ["weighted blanket"],
        new GpRequest("Dr Shah", "Hyde Park Surgery", "0113 496 0100"),
        new HomeAccessRequest("Back door, lift the latch.", "4096", "Cat", null, "Step-free"),
        [new KeyItemRequest("house keys", "hook by the back door")],
        ["autism", "Epilepsy", "children"],
        [new EmergencyContactRequest("Priya Patel", "sister", "0113 496 0200"), new EmergencyContactRequest("Tom Reed", "neighbour", "020 7946 0300")],
        "2027-05-25",
        "Sam Jones");
}
