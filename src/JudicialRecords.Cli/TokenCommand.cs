using System.CommandLine;
using JudicialRecords.Api.Infrastructure.Auth;

namespace JudicialRecords.Cli;

/// <summary>`jr token --role court --agency TAND-DNA`: a bearer token signed with the configured key (certs-dev by default).</summary>
static class TokenCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        var agency = new Option<string?>("--agency") { Description = "Agency code for court, police and enforcement (e.g. TAND-DNA)." };
        var subject = new Option<string?>("--subject") { Description = "The applicant's 12-digit personal ID." };
        var key = new Option<string?>("--key") { Description = "PEM RSA signing key (default: certs-dev/jwt-signing-key.pem)." };
        var command = new Command("token", "Mint a bearer token for a role.") { role, agency, subject, key };
        command.SetAction(parse =>
        {
            var request = new DevTokenEndpoints.DevTokenRequest(parse.GetValue(role), parse.GetValue(agency), parse.GetValue(subject));
            var errors = DevTokenEndpoints.Validate(request);
            if (errors.Count > 0)
            {
                foreach (var (field, messages) in errors) parse.InvocationConfiguration.Error.WriteLine($"{field}: {string.Join(" ", messages)}");
                return 2;
            }
            var keyPath = parse.GetValue(key) ?? Path.Combine(RepositoryPaths.Root(), "certs-dev", "jwt-signing-key.pem");
            var issuer = new TokenIssuer(TokenIssuer.LoadKey(keyPath), new AuthOptions(), TimeProvider.System);
            parse.InvocationConfiguration.Output.WriteLine(issuer.Issue(request.Role!, request.Agency, request.Subject));
            return 0;
        });
        return command;
    }
}
