using Cers.Dispatch.Console.Components;
using Microsoft.AspNetCore.Mvc;

namespace Cers.Dispatch.Console.SigningIn;

/// <summary>
/// GET and POST /account/password: a signed-in person changes their own password. Their other sessions end with it, so a
/// cookie left on another machine, or copied, reads nothing afterwards; this one goes on.
/// </summary>
public static class PasswordPage
{
    public const string Path = "/account/password";

    public static IResult Show() => Form(problem: null, StatusCodes.Status200OK);

    public static async Task<IResult> Change(
        [FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? repeatPassword,
        HttpContext http, ConsoleUsers users, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword))
        {
            return Form("Enter your current password and the new one.", StatusCodes.Status400BadRequest);
        }

        if (newPassword != repeatPassword)
        {
            return Form("The new password and its repetition differ; nothing was changed.", StatusCodes.Status400BadRequest);
        }

        var userId = http.User.FindFirst("sub")?.Value ?? "";
        string? problem;
        try
        {
            problem = await users.ChangePasswordAsync(userId, currentPassword, newPassword, http.User.FindFirst(ConsoleSessions.SessionClaim)?.Value, cancellationToken);
        }
        catch (ConsoleUserRejectedException e)
        {
            problem = e.Message;
        }

        if (problem is not null)
        {
            return Form(problem, StatusCodes.Status400BadRequest);
        }

        return Pages.Render<PasswordChanged>();
    }

    private static IResult Form(string? problem, int statusCode) => Pages.Render<PasswordForm>(new { Problem = problem }, statusCode);
}
