using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Api.Features.AgencyRequests.Simulation;

/// <summary>Which agency a simulator plays: the provincial police (criminal-records files) or the trial court (archive).</summary>
public enum SimulatedAgency
{
    Police,
    Court,
}

/// <summary>
/// What a simulated agency's files hold about one person. The police answer recordFound with
/// <see cref="Convictions"/>, or <see cref="Police"/> when set (e.g. referToCourt); the court answers
/// recordFound with the same convictions. Nobody in the files: noRecord.
/// </summary>
public sealed record SimulatedFile(string? Note, VerificationOutcome? Police, IReadOnlyList<JsonObject>? Convictions);

/// <summary>The pre-2010 files of the simulators: personal ID → <see cref="SimulatedFile"/>, a JSON object.</summary>
public sealed class SimulatedFiles(IReadOnlyDictionary<string, SimulatedFile> people)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public IReadOnlyDictionary<string, SimulatedFile> People => people;

    public static SimulatedFiles Parse(Stream json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, SimulatedFile>>(json, Json) ?? []);

    /// <summary>The small seed set shipped with the service (police-files.seed.json).</summary>
    public static SimulatedFiles Seed()
    {
        var assembly = typeof(SimulatedFiles).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("police-files.seed.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return Parse(stream);
    }
}

public sealed record AgencySimulatorOptions(SimulatedAgency Agency, SimulatedFiles Files, TimeSpan Delay, TimeSpan PollInterval);

/// <summary>
/// A police or court records office as a real HTTP client: polls its inbox
/// (<c>GET /api/v1/exchange/requests</c>) and answers each request at least <see cref="AgencySimulatorOptions.Delay"/>
/// after it was sent, from its files. The Idempotency-Key is derived from the request id, so a simulator that
/// crashes after answering and answers again changes nothing. The client carries the base address and the
/// agency's bearer token.
/// </summary>
public sealed class AgencySimulator(HttpClient client, AgencySimulatorOptions options, TimeProvider time, ILogger logger)
{
    int _documents;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped mid-request: a transport may report it as an I/O error rather than a cancellation.
                return;
            }
            catch (Exception e) when (TransportFailure.Is(e))
            {
                logger.LogWarning("The service cannot be reached ({Message}); trying again.", e.Message);
            }
            try
            {
                await Task.Delay(options.PollInterval, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One look at the inbox; answers what is due and returns how many answers were accepted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var inbox = await client.GetFromJsonAsync<List<AgencyRequestView>>("api/v1/exchange/requests?status=open", SimulatedFiles.Json, cancellationToken) ?? [];
        var now = time.GetUtcNow();
        var answered = 0;
        foreach (var request in inbox.Where(r => now - r.SentAt >= options.Delay))
        {
            var body = Answer(request, VietnamTime.DateOf(now));
            using var message = new HttpRequestMessage(HttpMethod.Post, $"api/v1/exchange/requests/{request.RequestId}/answer")
            {
                Content = JsonContent.Create(body),
            };
            message.Headers.Add("Idempotency-Key", $"sim-answer-{request.RequestId}");
            using var response = await client.SendAsync(message, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                answered++;
                logger.LogInformation("Answered {RequestId}: {Outcome}.", request.RequestId, body["outcome"]);
            }
            else if (response.StatusCode != HttpStatusCode.Conflict)
            {
                // The status only: a refusal's text may quote the person's data back.
                logger.LogWarning("Answer to {RequestId} refused ({Status}).", request.RequestId, (int)response.StatusCode);
            }
        }
        return answered;
    }

    JsonObject Answer(AgencyRequestView request, DateOnly today)
    {
        options.Files.People.TryGetValue(request.PersonalId, out var file);
        var convictions = file?.Convictions ?? [];
        var outcome = options.Agency == SimulatedAgency.Police && file?.Police is { } stated ? stated
            : convictions.Count > 0 ? VerificationOutcome.RecordFound
            : VerificationOutcome.NoRecord;
        var prefix = options.Agency == SimulatedAgency.Police ? "CV-PV06" : "CV-TA";
        var body = new JsonObject
        {
            ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()),
            ["documentNumber"] = $"{Interlocked.Increment(ref _documents)}/{today.Year}/{prefix}-{request.RequestId.ToString("N")[..8]}",
            ["documentDate"] = today.ToString("yyyy-MM-dd"),
        };
        if (outcome == VerificationOutcome.RecordFound)
            body["convictions"] = new JsonArray([.. convictions.Select(c => c.DeepClone())]);
        return body;
    }
}
