using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class SealingTests
{
    private sealed record Secret(string KeySafeCode, LocalDate Since);

    private static readonly SubjectKey Asha = SubjectKey.Generate("carer:asha");

    [Fact]
    public void A_sealed_value_opens_again_with_its_subjects_key()
    {
        var sealedValue = Asha.Seal(new Secret("4096", new LocalDate(2026, 11, 25)));

        Asha.Open(sealedValue).Should().Be(new Secret("4096", new LocalDate(2026, 11, 25)));
    }

    [Fact]
    public void The_envelope_names_the_key_and_shows_nothing_of_the_value()
    {
        var envelope = Asha.Seal(new Secret("4096", new LocalDate(2026, 11, 25))).Envelope;

        var parts = envelope.Split('.');
        parts.Should().HaveCount(5);
        envelope.Should().StartWith($"pd1.{Asha.KeyId:N}.");
        Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[4])).Should().NotContain("4096").And.NotContain("2026");
    }

    [Fact]
    public void Sealing_the_same_value_twice_gives_different_ciphertext() =>
        Asha.Seal("4096").Envelope.Should().NotBe(Asha.Seal("4096").Envelope, "every value gets a fresh random nonce");

    [Fact]
    public void Another_subjects_key_cannot_open_it()
    {
        var sealedValue = Asha.Seal("4096");

        var opening = () => SubjectKey.Generate("carer:someone-else").Open(sealedValue);

        opening.Should().Throw<CryptographicException>();
    }

    [Fact]
    public void A_value_altered_in_storage_is_refused_not_read_wrongly()
    {
        var parts = Asha.Seal("4096").Envelope.Split('.');
        parts[4] = parts[4][..^2] + (parts[4][^2..] == "AA" ? "AB" : "AA");

        var opening = () => Asha.Open(new Sealed<string>(string.Join('.', parts)));

        opening.Should().Throw<CryptographicException>();
    }

    [Fact]
    public void In_stored_json_a_sealed_value_is_just_its_envelope()
    {
        var sealedValue = Asha.Seal("4096");

        var json = JsonSerializer.Serialize(new { code = sealedValue });

        json.Should().Be($"{{\"code\":\"{sealedValue.Envelope}\"}}");
        JsonSerializer.Deserialize<Holder>(json, SubjectKey.PayloadJson)!.Code.Should().Be(sealedValue);
    }

    private sealed record Holder(Sealed<string> Code);

    [Fact]
    public void The_blind_index_matches_equal_values_only_for_the_same_purpose_and_master_key()
    {
        var index = new BlindIndex(MasterKey.From(RandomNumberGenerator.GetBytes(32)));

        index.Of("carer-search", "PATEL|1979-05-02|LS6 1LJ").Should().Be(index.Of("carer-search", "PATEL|1979-05-02|LS6 1LJ"));
        index.Of("carer-search", "PATEL|1979-05-02|LS6 1LJ").Should().NotBe(index.Of("hub-reference", "PATEL|1979-05-02|LS6 1LJ"));
        new BlindIndex(MasterKey.From(RandomNumberGenerator.GetBytes(32))).Of("carer-search", "PATEL|1979-05-02|LS6 1LJ")
            .Should().NotBe(index.Of("carer-search", "PATEL|1979-05-02|LS6 1LJ"), "without the master key the index cannot be recomputed");
    }

    [Fact]
    public void Outside_development_the_service_will_not_start_without_a_master_key()
    {
        var starting = () => new MasterKey(Options.Create(new PrivacyOptions()), new Environment("Production"));

        starting.Should().Throw<InvalidOperationException>().WithMessage("*Privacy__MasterKey*32 random bytes in base64*");
    }

    [Fact]
    public void A_master_key_that_is_not_32_bytes_is_refused_with_its_length()
    {
        var starting = () => new MasterKey(Options.Create(new PrivacyOptions { MasterKey = Convert.ToBase64String(new byte[16]) }), new Environment("Production"));

        starting.Should().Throw<InvalidOperationException>().WithMessage("*16 bytes*");
    }

    [Fact]
    public void Development_and_test_runs_may_use_the_public_development_key()
    {
        MasterKey.Problem(new PrivacyOptions(), new Environment("Development")).Should().BeNull();
        MasterKey.Problem(new PrivacyOptions(), new Environment("Testing")).Should().BeNull();
        MasterKey.Problem(new PrivacyOptions(), new Environment("Staging")).Should().NotBeNull();
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = "/";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
