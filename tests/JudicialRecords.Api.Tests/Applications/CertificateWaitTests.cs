using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static JudicialRecords.Api.Tests.Certificates.CertificateTestData;

namespace JudicialRecords.Api.Tests.Applications;

/// <summary>
/// <c>Prefer: wait=N</c> (RFC 7240) on the certificate download: the client waits for the issuance in one
/// request instead of polling.
/// </summary>
public sealed class CertificateWaitTests(ApplicationsApiFactory api) : IClassFixture<ApplicationsApiFactory>
{
    readonly Desk desk = new(api);

    [Fact]
    public async Task a_client_waiting_right_after_payment_receives_the_pdf_once_it_is_issued()
    {
        var person = await desk.Registered(Citizen.Adult(30));
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person));
        await Desk.Pay(me, id, 200_000, "WAIT-1");

        using var download = await me.SendAsync(WaitingFor(id, "wait=30"));

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("wait=30", Assert.Single(download.Headers.GetValues("Preference-Applied")));
        var issued = await desk.Get(id, me);
        Assert.Equal("issued", issued.GetProperty("status").GetString());
        Assert.False(api.Services.GetRequiredService<IssuanceSignals>().IsKept(id), "a signal outlived its waiter");
    }

    [Fact]
    public async Task waiting_on_an_application_that_is_not_issued_ends_in_409_after_the_wait()
    {
        var person = await desk.Registered(Citizen.Adult(30));
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person)); // not paid: nothing will be issued

        var waited = Stopwatch.StartNew();
        using var response = await me.SendAsync(WaitingFor(id, "respond-async, wait=1"));

        Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {waited.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal("wait=1", Assert.Single(response.Headers.GetValues("Preference-Applied")));
        await response.AssertProblem(HttpStatusCode.Conflict, ApplicationEndpoints.NotIssued);
    }

    [Fact]
    public async Task a_longer_wait_than_the_service_allows_is_capped_and_another_applicant_still_gets_404()
    {
        var person = await desk.Registered(Citizen.Adult(30));
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person));
        await Desk.Pay(me, id, 200_000, "WAIT-2");
        await desk.WaitFor(id, "issued");

        using var download = await me.SendAsync(WaitingFor(id, "wait=3600"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("wait=30", Assert.Single(download.Headers.GetValues("Preference-Applied")));

        var other = desk.As(await desk.Registered(Citizen.Adult(31)));
        await (await other.SendAsync(WaitingFor(id, "wait=5"))).AssertProblem(HttpStatusCode.NotFound);
        Assert.False(api.Services.GetRequiredService<IssuanceSignals>().IsKept(id), "a signal outlived its waiter");
    }

    [Fact]
    public async Task a_revoked_certificate_is_no_longer_handed_out_to_its_applicant()
    {
        var person = await desk.Registered(Citizen.Adult(30));
        var me = desk.As(person);
        var (id, _) = await desk.Apply(me, Desk.Form1(person));
        await Desk.Pay(me, id, 200_000, "WAIT-R");
        var number = (await desk.WaitFor(id, "issued")).GetProperty("certificateNumber").GetString();

        var revoked = await desk.Approver().PostAsJsonAsync($"/api/v1/certificates/{number}/revocation", new { reason = "Cấp nhầm người" });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);

        using var download = await me.SendAsync(WaitingFor(id, "wait=5"));
        await download.AssertProblem(HttpStatusCode.Conflict, ApplicationEndpoints.Revoked);
    }

    static HttpRequestMessage WaitingFor(Guid id, string prefer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/applications/{id}/certificate");
        request.Headers.TryAddWithoutValidation("Prefer", prefer);
        return request;
    }
}
