using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cers.Dispatch.Console.Components;

/// <summary>Console pages rendered by Razor components on the server: the framework encodes every value and fills in antiforgery.</summary>
public static class Pages
{
    public static IResult Render<TPage>(object? parameters = null, int statusCode = StatusCodes.Status200OK)
        where TPage : IComponent =>
        new RazorComponentResult<TPage>(parameters ?? new { }) { StatusCode = statusCode, ContentType = "text/html; charset=utf-8" };
}
