using System.Net;
using System.Text.RegularExpressions;
using Cers.Dispatch.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cers.Dispatch.Console.IntegrationTests;

/// <summary>A browser-like client of the console: signs in through the form and keeps the session cookie.</summary>
public static partial class ConsoleSession
{
    public static async Task<HttpClient> SignInAsync(ServiceHost<ConsoleApp> console, string username, string password)
    {
        var client = Browser(console);
        var (status, _) = await TrySignInAsync(client, username, password);
        status.Should().Be(HttpStatusCode.Redirect, $"{username} should be signed in");
        return client;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as a browser's first request would see them.</summary>
    public static HttpClient Browser(ServiceHost<ConsoleApp> console)
    {
        var client = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>Fills in and posts the sign-in form; the answer's status and page.</summary>
    public static async Task<(HttpStatusCode Status, string Page)> TrySignInAsync(HttpClient browser, string username, string password)
    {
        var form = await browser.GetStringAsync("/sign-in");
        using var response = await PostFormAsync(browser, "/sign-in", form, new() { ["username"] = username, ["password"] = password });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form the way the page's own form would: with the antiforgery token the page carried.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string pageWithForm, Dictionary<string, string> fields)
    {
        var token = AntiforgeryField().Match(pageWithForm);
        token.Success.Should().BeTrue("the page's form carries an antiforgery token");
        fields[WebUtility.HtmlDecode(token.Groups["name"].Value)] = WebUtility.HtmlDecode(token.Groups["value"].Value);
        return client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]+)" ?/?>""")]
    private static partial Regex AntiforgeryField();
}
