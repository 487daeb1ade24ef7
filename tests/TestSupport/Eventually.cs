using System.Diagnostics;

namespace Cers.Dispatch.Testing;

/// <summary>Waits for something another process does asynchronously (a message crossing the bus), up to a deadline.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? within = null, string? what = null)
        where T : class
    {
        var limit = within ?? TimeSpan.FromSeconds(30);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (waited.Elapsed > limit)
            {
                throw new TimeoutException($"Gave up waiting for {what ?? typeof(T).Name} after {limit}.");
            }

            await Task.Delay(50);
        }
    }
}
