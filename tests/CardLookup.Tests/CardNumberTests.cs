using Cers.Dispatch.CardLookup.Cards.Numbers;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class CardNumberTests
{
    private static readonly List<string> Generated = Enumerable.Range(0, 500).Select(_ => CardNumber.Generate()).ToList();

    [Fact]
    public void A_new_card_number_is_twelve_digits_with_a_valid_check_digit_and_no_leading_zero()
    {
        Generated.Should().OnlyContain(n => n.Length == 12 && n.All(char.IsAsciiDigit) && n[0] != '0' && Damm.IsValid(n));
    }

    [Fact]
    public void Card_numbers_are_random_not_sequential()
    {
        Generated.Should().OnlyHaveUniqueItems();
        var asNumbers = Generated.Select(long.Parse).ToList();
        asNumbers.Zip(asNumbers.Skip(1), (a, b) => Math.Abs(b - a)).Should().NotContain(d => d < 1000);
    }

    [Fact]
    public void The_check_digit_matches_the_published_Damm_example() =>
        Damm.CheckDigitFor("572").Should().Be('4');

    [Fact]
    public void Every_single_digit_error_is_caught()
    {
        foreach (var number in Generated.Take(100))
        {
            for (var position = 0; position < number.Length; position++)
            {
                foreach (var wrong in "0123456789".Where(d => d != number[position]))
                {
                    var misheard = string.Concat(number.AsSpan(0, position), wrong.ToString(), number.AsSpan(position + 1));
                    CardNumber.Parse(misheard).Problem.Should().Be(CardNumberProblem.CheckDigitWrong, $"{misheard} differs from {number} in one digit");
                }
            }
        }
    }

    [Fact]
    public void Every_adjacent_transposition_is_caught()
    {
        var checkedSwaps = 0;
        foreach (var number in Generated)
        {
            for (var i = 0; i < number.Length - 1; i++)
            {
                if (number[i] == number[i + 1])
                {
                    continue;
                }

                var swapped = number.ToCharArray();
                (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
                CardNumber.Parse(new string(swapped)).Problem.Should().Be(CardNumberProblem.CheckDigitWrong);
                checkedSwaps++;
            }
        }

        checkedSwaps.Should().BeGreaterThan(4000);
    }

    [Fact]
    public void Every_transposition_of_two_different_digits_is_caught_in_every_position_of_every_prefix()
    {
        // Exhaustive over digit pairs: for each pair ab != ba, and each interim state the prefix can leave, Damm differs.
        for (var a = '0'; a <= '9'; a++)
        {
            for (var b = '0'; b <= '9'; b++)
            {
                if (a == b)
                {
                    continue;
                }

                for (var prefix = 0; prefix < 100; prefix++)
                {
                    var head = prefix.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
                    var original = $"{head}{a}{b}";
                    var number = original + Damm.CheckDigitFor(original);
                    Damm.IsValid($"{head}{b}{a}{number[^1]}").Should().BeFalse();
                }
            }
        }
    }

    [Theory]
    [InlineData(" 5724 ")]
    [InlineData("5-7-2-4")]
    public void Too_short_numbers_are_not_card_numbers(string text) =>
        CardNumber.Parse(text).Problem.Should().Be(CardNumberProblem.NotACardNumber);

    [Fact]
    public void A_number_read_out_with_spaces_or_dashes_is_the_same_card()
    {
        var number = Generated[0];
        CardNumber.Parse(CardNumber.Grouped(number)).Digits.Should().Be(number);
        CardNumber.Parse(CardNumber.Grouped(number, '-')).Digits.Should().Be(number);
        CardNumber.Parse($"  {number}  ").Digits.Should().Be(number);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4921.7730.5518")]
    [InlineData("49217730551A")]
    [InlineData("123456789")]
    [InlineData("123456789012345678901")]
    public void Anything_that_cannot_be_a_card_number_says_so_rather_than_no_such_card(string? text) =>
        CardNumber.Parse(text).Problem.Should().Be(CardNumberProblem.NotACardNumber);

    [Fact]
    public void A_card_number_is_printed_in_groups_of_four() =>
        CardNumber.Grouped("492177305518").Should().Be("4921 7730 5518");

    [Fact]
    public void A_fixed_digit_source_gives_a_repeatable_number_for_demo_data()
    {
        var random = new Random(7);
        var first = CardNumber.Generate(random.Next);
        random = new Random(7);
        CardNumber.Generate(random.Next).Should().Be(first);
    }
}
