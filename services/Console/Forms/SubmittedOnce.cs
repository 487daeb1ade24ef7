using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Cers.Dispatch.Console.Forms;

/// <summary>A console form that was submitted, by its key, and where its answer sent the browser.</summary>
public sealed record SubmittedForm(string Id, string Path, string? AnsweredWith, Instant At);

/// <summary>
/// Every console form carries a key of its own (the OnceForm component). The first submission of a key is acted on; a
/// repeat (a double click, the back button and submit again, a reload of a page that was a POST's answer) is sent where the
/// first one went and changes nothing. The key is stored before the services are called, so two submissions at the same
/// moment cannot both act.
/// </summary>
public static class SubmittedOnce
{
    public const string FieldName = "formKey";

    public static TBuilder ActOnceEachForm<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType)
            {
                return await next(context);
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (!Guid.TryParse(form[FieldName], out var formKey))
            {
                return await next(context);
            }

            var store = http.RequestServices.GetRequiredService<IDocumentStore>();
            var clock = http.RequestServices.GetRequiredService<IClock>();
            var id = $"{http.User.Identity?.Name}/{formKey:N}";
            var path = http.Request.Path.Value ?? "/";
            await using (var claim = store.LightweightSession())
            {
                claim.Insert(new SubmittedForm(id, path, null, clock.GetCurrentInstant()));
                try
                {
                    await claim.SaveChangesAsync(http.RequestAborted);
                }
                catch (DocumentAlreadyExistsException)
                {
                    await using var query = store.QuerySession();
                    var first = await query.LoadAsync<SubmittedForm>(id, http.RequestAborted);
                    return Results.Redirect(first?.AnsweredWith ?? PageOf(http.Request));
                }
            }

            var result = await next(context);
            await using var session = store.LightweightSession();
            if (result is RedirectHttpResult redirect)
            {
                session.Store(new SubmittedForm(id, path, redirect.Url, clock.GetCurrentInstant()));
            }
            else
            {
                // Refused and shown again to be put right: the corrected form carries a new key anyway.
                session.Delete<SubmittedForm>(id);
            }

            await session.SaveChangesAsync(CancellationToken.None);
            return result;
        });

    /// <summary>The page the form was on, while its first submission is still being acted on: back there, or the start.</summary>
    private static string PageOf(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) && referer.Authority == request.Host.Value
            ? referer.PathAndQuery
            : "/";
}
