using System.Collections;
using System.Diagnostics;

namespace Cers.Dispatch.Testing;

/// <summary>A thread-safe sink for the OpenTelemetry in-memory exporter, shared by every host in a fixture.</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> activities = [];
    private readonly Lock gate = new();

    public int Count { get { lock (gate) { return activities.Count; } } }

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId)
    {
        lock (gate)
        {
            return activities.Where(a => a.TraceId == traceId).DistinctBy(a => a.SpanId).ToList();
        }
    }

    public void Add(Activity item) { lock (gate) { activities.Add(item); } }

    public void Clear() { lock (gate) { activities.Clear(); } }

    public bool Contains(Activity item) { lock (gate) { return activities.Contains(item); } }

    public void CopyTo(Activity[] array, int arrayIndex) { lock (gate) { activities.CopyTo(array, arrayIndex); } }

    public bool Remove(Activity item) { lock (gate) { return activities.Remove(item); } }

    public IEnumerator<Activity> GetEnumerator() { lock (gate) { return activities.ToList().GetEnumerator(); } }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
