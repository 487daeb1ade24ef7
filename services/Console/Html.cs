using System.Text.Encodings.Web;

namespace Cers.Dispatch.Console;

/// <summary>Server-rendered pages: every value is HTML-encoded on the way in; the layout is shared.</summary>
public static class Html
{
    public static string E(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? "");

    public static IResult Page(string title, string body, string? script = null) => Results.Content($$"""
        <!doctype html>
        <html lang="en-GB">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{E(title)}} · CERS console</title>
          <link rel="stylesheet" href="/css/console.css">
        </head>
        <body>
          <header><a href="/" class="brand">CERS · coordinator console</a><nav><a href="/">Live board</a></nav></header>
          <main>
        {{body}}
          </main>
        {{(script is null ? "" : script)}}
        </body>
        </html>
        """, "text/html; charset=utf-8");
}
