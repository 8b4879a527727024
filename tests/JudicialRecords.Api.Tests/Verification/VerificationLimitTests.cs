using System.Net;
using System.Net.Http.Headers;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Verification;

/// <summary>One verification at a time and none waiting, so that a second caller is turned away at once.</summary>
public sealed class OneVerificationAtATimeFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Verification:MaxConcurrent", "1");
        builder.UseSetting("Verification:MaxQueued", "0");
    }
}

public sealed class VerificationLimitTests(OneVerificationAtATimeFactory api) : IClassFixture<OneVerificationAtATimeFactory>
{
    [Fact]
    public async Task verifications_beyond_the_limit_are_told_to_come_back_and_the_others_answered()
    {
        // A genuine certificate, so that each validation takes real work; sent together, they overlap: with one place and no
        // queue, those arriving while another is validated are refused at once.
        var person = Person();
        var certificate = await api.Services.GetRequiredService<CertificateIssuer>()
            .IssueAsync(person.PersonalId, Form1(person), null, CancellationToken.None);
        var pdf = (await api.Services.GetRequiredService<CertificateRegistry>().GetPdfAsync(certificate.Number, CancellationToken.None))!;
        var answers = new List<HttpResponseMessage>();
        for (var round = 0; round < 10 && !answers.Any(a => a.StatusCode == HttpStatusCode.ServiceUnavailable); round++)
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.CreateClient().PostAsync("/api/v1/verification",
                new ByteArrayContent(pdf) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }))));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        foreach (var response in refused)
        {
            await response.AssertProblem(HttpStatusCode.ServiceUnavailable, ProblemTypes.Busy);
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        }
    }
}
