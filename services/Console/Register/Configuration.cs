using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Register;

/// <summary>Finding and registering carers, the people they care for, assessments and cards.</summary>
public static class Configuration
{
    /// <summary>
    /// The register page is the administrators'; a carer's page is read by anyone who reads the register, and its forms
    /// post to routes for administrators only (card lookup checks the same policy for the person signed in).
    /// </summary>
    public static IEndpointRouteBuilder MapRegister(this IEndpointRouteBuilder app)
    {
        app.MapGet("/register", RegisterPage.Show).RequireAuthorization(CersPolicies.Administering);
        app.MapPost("/register/find", RegisterPage.Find).RequireAuthorization(CersPolicies.Administering);
        app.MapPost("/register/carers", RegisterPage.RegisterCarer).RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        app.MapGet("/register/carers/{carerId:guid}", CarerPage.Show).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapGet("/register/cards/{cardNumber}/print", CardPrint.Handle).RequireAuthorization(CersPolicies.Administering);

        var changes = app.MapGroup("/register/carers/{carerId:guid}").RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        changes.MapPost("/cared-for", CarerPage.AddCaredFor);
        changes.MapPost("/assessments", CarerPage.BookAssessment);
        changes.MapPost("/assessments/{assessmentId:guid}/completion", CarerPage.CompleteAssessment);
        changes.MapPost("/cards", CarerPage.IssueCard);
        changes.MapPost("/cards/{cardNumber}/loss", CarerPage.ReportLoss);
        changes.MapPost("/cards/{cardNumber}/replacement", CarerPage.Replace);
        changes.MapPost("/cards/{cardNumber}/suspension", CarerPage.Suspend);
        changes.MapPost("/cards/{cardNumber}/reinstatement", CarerPage.Reinstate);
        changes.MapPost("/emergency-contacts/confirmations", CarerPage.ConfirmContacts);
        changes.MapPost("/consent", CarerPage.ConfirmConsent);
        return app;
    }
}
