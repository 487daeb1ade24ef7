using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cers.Dispatch.Testing;

/// <summary>
/// A loopback door in front of a real service: open, it passes every request through unchanged; closed, it answers
/// 503 as a service that is down or overwhelmed would. A test closes it to take the service away from its callers.
/// </summary>
public sealed class ServiceGate : LoopbackServer
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Transfer-Encoding", "Content-Length", "Content-Type" };

    private readonly HttpClient behind;
    private volatile bool open = true;

    public ServiceGate(Uri service)
    {
        behind = new HttpClient { BaseAddress = service };
        App.Run(PassAsync);
    }

    public void Close() => open = false;

    public void Open() => open = true;

    protected override ValueTask DisposeMoreAsync()
    {
        behind.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task PassAsync(HttpContext http)
    {
        if (!open)
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), http.Request.Path + http.Request.QueryString);
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(http.Request.Body);
            if (http.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, values) in http.Request.Headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            request.Headers.TryAddWithoutValidation(name, values.ToArray());
        }

        using var response = await behind.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, http.RequestAborted);
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            http.Response.Headers[name] = values.ToArray();
        }

        if (response.Content.Headers.ContentType is { } type)
        {
            http.Response.ContentType = type.ToString();
        }

        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted);
    }
}
