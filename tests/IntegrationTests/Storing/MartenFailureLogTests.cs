using Cers.Dispatch.ServiceDefaults;
using Npgsql;

namespace Cers.Dispatch.IntegrationTests.Storing;

/// <summary>Which of Marten's failed commands are errors for whoever watches the logs, and which are writers meeting.</summary>
public sealed class MartenFailureLogTests
{
    [Theory]
    [InlineData("23505", "pk_mt_events_stream_and_version", "duplicate key value violates unique constraint")]
    [InlineData("23505", "pkey_mt_doc_opencardactivation_id", "duplicate key value violates unique constraint")]
    [InlineData("P0001", null, "MT003: Stream version mismatch on 'e0b67b1a', expected 1, actual 2")]
    [InlineData("MT003", null, "Stream version mismatch on 'a5d19cd8', expected 3, actual 8")]
    public void Another_writer_storing_first_is_a_meeting_the_caller_decides_again(string sqlState, string? constraint, string message) =>
        MartenFailureLog.IsExpectedConflict(new PostgresException(message, "ERROR", "ERROR", sqlState, constraintName: constraint)).Should().BeTrue();

    [Fact]
    public void A_stream_that_moved_on_or_was_started_twice_as_Marten_reports_it_is_a_meeting() =>
        new Exception[]
        {
            new JasperFx.Events.EventStreamUnexpectedMaxEventIdException(Guid.NewGuid(), typeof(object), 10, 15),
            new JasperFx.ConcurrencyException("Optimistic concurrency check failed", typeof(object), Guid.NewGuid()),
            new JasperFx.Events.ExistingStreamIdCollisionException(Guid.NewGuid(), typeof(object)),
        }.Select(MartenFailureLog.IsExpectedConflict).Should().AllBeEquivalentTo(true);

    [Theory]
    [InlineData("42P01", "relation \"no_such_table\" does not exist")]
    [InlineData("57P01", "terminating connection due to administrator command")]
    [InlineData("23503", "insert or update violates foreign key constraint")]
    public void Any_other_failure_is_an_error(string sqlState, string message) =>
        MartenFailureLog.IsExpectedConflict(new PostgresException(message, "ERROR", "ERROR", sqlState)).Should().BeFalse();

    [Fact]
    public void A_meeting_wrapped_by_Marten_is_still_a_meeting_and_a_lost_connection_is_not() =>
        new[]
        {
            MartenFailureLog.IsExpectedConflict(new InvalidOperationException("wrapped", new PostgresException("duplicate key", "ERROR", "ERROR", "23505"))),
            MartenFailureLog.IsExpectedConflict(new NpgsqlException("Exception while reading from stream", new System.IO.EndOfStreamException())),
        }.Should().Equal(true, false);
}
