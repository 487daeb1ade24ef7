using System.Text.Json;
using Cers.Dispatch.Rostering.Handovers;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class HandoverNotesPrivacyTests
{
    private const string Notes = "Gave paracetamol 1g at 18:00. Watch his breathing.";
    private static readonly Guid ActivationId = Guid.NewGuid();
    private static readonly SubjectKey Key = SubjectKey.Generate(ActivationPrivacy.Subject(ActivationId));
    private static readonly Instant At = Instant.FromUtc(2026, 11, 25, 18, 5);

    [Fact]
    public void A_recorded_handover_is_stored_with_its_notes_sealed_and_reads_back_in_full_with_the_activation_key()
    {
        var options = NodaTimeJson.Configure(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        var recorded = new HandoverRecorded(Guid.NewGuid(), ActivationId, Guid.NewGuid(), "Asha", null, null, Key.Seal(Notes), "sms", "Asha", At);

        var json = JsonSerializer.Serialize(recorded, options);
        var back = JsonSerializer.Deserialize<HandoverRecorded>(json, options)!;

        json.Should().NotContain("paracetamol").And.Contain("\"notes\":\"pd1.");
        Key.Show(back.Notes).Should().Be(Notes);
        Key.Show(Handover.Create(back).Notes).Should().Be(Notes);
    }

    [Fact]
    public void Once_the_activation_key_is_shredded_the_notes_read_as_erased()
    {
        var sealedNotes = Key.Seal(Notes);
        var noKeys = new Dictionary<Guid, SubjectKey>();

        ((SubjectKey?)null).Show(sealedNotes).Should().Be(PersonalData.Erased);
        noKeys.Show(sealedNotes).Should().Be(PersonalData.Erased);
    }

    [Fact]
    public void Each_handover_s_notes_open_with_their_own_activation_s_key()
    {
        var other = SubjectKey.Generate(ActivationPrivacy.Subject(Guid.NewGuid()));
        var keys = new Dictionary<Guid, SubjectKey> { [Key.KeyId] = Key, [other.KeyId] = other };

        keys.Show(Key.Seal("Asha's notes")).Should().Be("Asha's notes");
        keys.Show(other.Seal("Ben's notes")).Should().Be("Ben's notes");
        new[] { Key.Seal("a"), new Sealed<string>("written before sealing"), other.Seal("b") }.KeyIds().Should().Equal(Key.KeyId, other.KeyId);
    }

    [Fact]
    public void Notes_stored_before_rostering_sealed_them_are_shown_as_they_were()
    {
        var plain = new Sealed<string>("Evening meds given at 19:00.");

        ((SubjectKey?)null).Show(plain).Should().Be("Evening meds given at 19:00.");
        new Dictionary<Guid, SubjectKey>().Show(plain).Should().Be("Evening meds given at 19:00.");
    }
}
