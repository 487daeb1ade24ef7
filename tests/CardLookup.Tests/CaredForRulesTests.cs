using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Carers.CaringFor;
using Cers.Dispatch.CardLookup.Common;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class CaredForRulesTests
{
    // 10:00 UTC on 25 November 2026 is 25 November in London.
    private static readonly Instant Now = Demo.Now;

    private static RegisterCaredForPersonRequest Person(string dateOfBirth, Guid? personId = null, string first = "Mia") =>
        new(first, "Patel", dateOfBirth, "daughter", personId, "hub-staff");

    [Fact]
    public void A_child_who_turns_four_on_the_day_of_registration_is_registered()
    {
        var (command, errors) = RegisterCaredForPersonSlice.Validate(Person("2022-11-25"), Demo.CarerId, Guid.NewGuid(), Now);

        errors.Should().BeEmpty();
        command!.DateOfBirth.Should().Be(new LocalDate(2022, 11, 25));
    }

    [Fact]
    public void A_child_who_turns_four_tomorrow_is_refused_naming_the_date_of_birth()
    {
        var (command, errors) = RegisterCaredForPersonSlice.Validate(Person("2022-11-26"), Demo.CarerId, Guid.NewGuid(), Now);

        command.Should().BeNull();
        errors.Keys.Should().BeEquivalentTo("dateOfBirth");
    }

    [Fact]
    public void The_day_of_registration_is_the_day_in_London_not_in_UTC()
    {
        // 23:30 UTC on 31 May is already 1 June in London (BST).
        var lateEvening = Instant.FromUtc(2026, 5, 31, 23, 30);

        RegisterCaredForPersonSlice.Validate(Person("2022-06-01"), Demo.CarerId, Guid.NewGuid(), lateEvening).Errors.Should().BeEmpty();
        RegisterCaredForPersonSlice.Validate(Person("2022-06-02"), Demo.CarerId, Guid.NewGuid(), lateEvening).Errors.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData(2027, 2, 28, 2)]
    [InlineData(2027, 3, 1, 3)]
    [InlineData(2028, 2, 28, 3)]
    [InlineData(2028, 2, 29, 4)]
    public void A_leap_day_baby_is_a_year_older_on_1_March_in_other_years(int year, int month, int day, int age) =>
        Ages.On(new LocalDate(2024, 2, 29), new LocalDate(year, month, day)).Should().Be(age);

    [Theory]
    [InlineData("")]
    [InlineData("25/11/2022")]
    [InlineData("2030-01-01")]
    public void A_missing_malformed_or_future_date_of_birth_is_refused(string dateOfBirth) =>
        RegisterCaredForPersonSlice.Validate(Person(dateOfBirth), Demo.CarerId, Guid.NewGuid(), Now).Errors.Should().ContainKey("dateOfBirth");

    [Fact]
    public void A_carer_may_care_for_more_than_one_person()
    {
        var (command, _) = RegisterCaredForPersonSlice.Validate(Person("2012-01-01"), Demo.CarerId, Guid.NewGuid(), Now);

        var registered = RegisterCaredForPersonSlice.Decide(command!, Demo.Opened(Demo.CaringForRohan), null, linksExisting: false, Demo.Key);

        Demo.Opened(Demo.CaringForRohan.Apply(registered)).CaredFor.Select(p => p.Name.First).Should().Equal("Rohan", "Mia");
    }

    [Fact]
    public void The_same_person_cannot_be_registered_twice_with_one_carer()
    {
        var (command, _) = RegisterCaredForPersonSlice.Validate(Person("2016-03-01", first: "rohan"), Demo.CarerId, Guid.NewGuid(), Now);

        var deciding = () => RegisterCaredForPersonSlice.Decide(command!, Demo.Opened(Demo.CaringForRohan), null, linksExisting: false, Demo.Key);

        deciding.Should().Throw<DomainRuleViolated>();
    }

    [Fact]
    public void One_person_may_have_a_second_registered_carer_under_the_same_person_id()
    {
        var rohanAtHisMothers = Demo.Opened(Demo.CaringForRohan).CaredFor[0];
        var otherCarer = Carer.Create(Demo.Registered with { CarerId = Guid.NewGuid() });
        var (command, _) = RegisterCaredForPersonSlice.Validate(
            new RegisterCaredForPersonRequest("Rohan", "Patel", "2016-03-01", "son", Demo.Rohan, "hub-staff"), otherCarer.Id, Guid.NewGuid(), Now);

        var registered = RegisterCaredForPersonSlice.Decide(command!, Demo.Opened(otherCarer), rohanAtHisMothers, linksExisting: true, Demo.Key);

        registered.PersonId.Should().Be(Demo.Rohan);
    }

    [Fact]
    public void Linking_a_person_id_with_another_name_or_birthday_is_refused()
    {
        var otherCarer = Carer.Create(Demo.Registered with { CarerId = Guid.NewGuid() });
        var (command, _) = RegisterCaredForPersonSlice.Validate(
            new RegisterCaredForPersonRequest("Rohan", "Patel", "2016-03-02", "son", Demo.Rohan, "hub-staff"), otherCarer.Id, Guid.NewGuid(), Now);

        var deciding = () => RegisterCaredForPersonSlice.Decide(command!, Demo.Opened(otherCarer), Demo.Opened(Demo.CaringForRohan).CaredFor[0], linksExisting: true, Demo.Key);

        deciding.Should().Throw<DomainRuleViolated>();
    }
}
