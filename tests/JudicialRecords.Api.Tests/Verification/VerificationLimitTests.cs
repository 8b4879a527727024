using System.Net;
using System.Net.Http.Headers;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

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
        // Uploads sent together overlap: with one place and no queue, all but the first to arrive are refused at once.
        var body = new byte[2 * 1024 * 1024];
        var answers = new List<HttpResponseMessage>();
        for (var round = 0; round < 10 && !answers.Any(a => a.StatusCode == HttpStatusCode.ServiceUnavailable); round++)
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.CreateClient().PostAsync("/api/v1/verification",
                new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }))));

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
