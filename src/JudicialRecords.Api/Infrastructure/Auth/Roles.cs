namespace JudicialRecords.Api.Infrastructure.Auth;

/// <summary>The roles of api.md; each is also an authorisation policy of the same name.</summary>
public static class Roles
{
    public const string Court = "court";
    public const string Police = "police";
    public const string Enforcement = "enforcement";
    public const string Clerk = "clerk";
    public const string Approver = "approver";
    public const string Admin = "admin";
    public const string Applicant = "applicant";

    public static readonly IReadOnlyList<string> All = [Court, Police, Enforcement, Clerk, Approver, Admin, Applicant];
    public static readonly IReadOnlyList<string> Agencies = [Court, Police, Enforcement];

    public const string AgencyClaim = "agency";
}
