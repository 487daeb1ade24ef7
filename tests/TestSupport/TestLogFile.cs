using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Testing;

/// <summary>
/// Writes what a hosted service logs (Information from our code, each request it answered and made, warnings and errors from
/// everything) to .local/test-logs/{schema}.log, so a test that fails in CI can be read alongside what the service was
/// doing (deploy/test.sh prints their warnings when a run fails). Lines are stamped by <paramref name="wallClock"/>, the
/// system clock unless given: the time a line was written, to read beside CI's own output, not the test's business time.
/// </summary>
public sealed class TestLogFile(string name, IClock? wallClock = null) : ILoggerProvider
{
    private static readonly InstantPattern Stamp = InstantPattern.CreateWithInvariantCulture("HH:mm:ss.fff");

    private readonly IClock clock = wallClock ?? SystemClock.Instance;

    private static readonly ConcurrentDictionary<string, StreamWriter> Writers = new();

    /// <summary>ASP.NET Core's "Request finished … in N ms" lines, for hosts without the services' own RequestLog.</summary>
    private const string RequestsFinished = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>HttpClient's request lines: kept so a test can see that a service's settings keep them out of its log.</summary>
    private const string OutgoingRequests = "System.Net.Http.HttpClient";

    public static string Directory { get; } = Path.Combine(LocalInfrastructure.RepositoryRoot, ".local", "test-logs");

    private readonly string path = Path.Combine(Directory, $"{name}.log");

    private static StreamWriter OpenForAppending(string path)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return new StreamWriter(path, append: true) { AutoFlush = true };
    }

    public ILogger CreateLogger(string categoryName) => new Writer(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>One line: from a hosted service's logger, or from a service running as its own process, read from its console.</summary>
    public void Write(LogLevel level, string category, string message)
    {
        var writer = Writers.GetOrAdd(path, OpenForAppending);
        lock (writer)
        {
            writer.Write($"{Stamp.Format(clock.GetCurrentInstant())} {level} {category}: {message}{Environment.NewLine}");
        }
    }

    private sealed class Writer(TestLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel >= LogLevel.Warning || (logLevel == LogLevel.Information && (category.StartsWith("Cers.", StringComparison.Ordinal) || category == RequestsFinished || category.StartsWith(OutgoingRequests, StringComparison.Ordinal)));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var problem = exception is null ? "" : $" | {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}";
            file.Write(logLevel, category, formatter(state, exception).ReplaceLineEndings(" ") + problem);
        }
    }
}
