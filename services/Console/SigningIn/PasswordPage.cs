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

        return Html.Page("Password changed", """
            <h1>Password changed</h1>
            <p class="done">Your password is changed. Every other session of yours has been signed out; this one goes on.</p>
            """);
    }

    private static IResult Form(string? problem, int statusCode) => Html.Page("Change your password", $"""
        <section class="sign-in">
          <h1>Change your password</h1>
          <p class="meta">At least {ConsoleUsers.MinimumPasswordLength} characters. Changing it signs you out everywhere else.</p>
          {Html.Problem(problem)}
          {Html.Form(Path, """
            <label>Current password <input name="currentPassword" type="password" autocomplete="current-password" required></label>
            <label>New password <input name="newPassword" type="password" autocomplete="new-password" required></label>
            <label>New password again <input name="repeatPassword" type="password" autocomplete="new-password" required></label>
            <button type="submit">Change password</button>
            """)}
        </section>
        """, statusCode: statusCode);
}
