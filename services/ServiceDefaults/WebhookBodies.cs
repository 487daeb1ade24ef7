using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// Reads a provider's webhook within the limits of what a provider sends, before anything in it is trusted: Twilio's and
/// Vonage's webhooks are a few kilobytes (an SMS is at most 1,600 characters), so a larger body, a body of thousands of
/// fields or one carrying NUL bytes (the form reader refuses them as invalid characters) is refused (413 or 400) without
/// being read further, signature or not.
/// </summary>
public static class WebhookBodies
{
    public const int MaxBytes = 64 * 1024;

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = 200,
        KeyLengthLimit = 200,
        ValueLengthLimit = 16 * 1024,
        BufferBodyLengthLimit = MaxBytes,
        MultipartBodyLengthLimit = MaxBytes,
    };

    /// <summary>The form (empty when the body is not a form) or, when it must not be read, the problem to answer.</summary>
    public static async Task<(IFormCollection Form, IResult? Refusal)> ReadFormAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
        {
            return (FormCollection.Empty, TooLarge());
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBytes;
        }

        if (!http.Request.HasFormContentType)
        {
            return (FormCollection.Empty, null);
        }

        IFormCollection form;
        try
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, Limits));
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (FormCollection.Empty, TooLarge());
        }
        catch (InvalidDataException e)
        {
            return (FormCollection.Empty, Malformed($"The form could not be read within a webhook's limits: {e.Message}"));
        }

        return (form, null);
    }

    /// <summary>Query parameters bound by the same rules (Vonage may send an inbound SMS as a GET).</summary>
    public static IResult? RefuseQuery(HttpContext http) =>
        http.Request.Query.Count > Limits.ValueCountLimit || http.Request.QueryString.Value?.Length > MaxBytes ? TooLarge()
        : http.Request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            ? Malformed("The query carries a NUL byte.")
            : null;

    public static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"A webhook's body is at most {MaxBytes / 1024} KB; this one was refused unread.");

    private static IResult Malformed(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a webhook this service can read.", detail: detail);
}
