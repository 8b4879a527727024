using System.Net;
using System.Net.Http.Json;
using JudicialRecords.Api.Infrastructure.Http;
using JudicialRecords.Domain.People;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.Population;

/// <summary>A person as the national population register knows them.</summary>
public sealed record RegisteredPerson(
    string PersonalId,
    string FullName,
    DateOnly DateOfBirth,
    Sex Sex,
    string? Nationality,
    string? Residence);

/// <summary>The national population register, asked by personal ID (or a foreigner's passport number).</summary>
public interface IPopulationRegister
{
    /// <summary>The registered person, or null when the register does not know the ID.</summary>
    /// <exception cref="PopulationRegisterUnavailableException">The register could not be asked.</exception>
    Task<RegisteredPerson?> FindAsync(string personalId, CancellationToken cancellationToken);
}

public sealed class PopulationRegisterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Section "Population".</summary>
public sealed class PopulationOptions
{
    public const string Section = "Population";

    /// <summary>
    /// Base URL of the register's people resource; "{BaseUrl}people/{personalId}" answers a person. In
    /// Development it defaults to the service's own simulator (http://localhost:5080/sim/population/).
    /// </summary>
    public string? BaseUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The register over HTTP: the same adapter reaches the development simulator and the real register.</summary>
public sealed class HttpPopulationRegister(HttpClient http, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IPopulationRegister
{
    public async Task<RegisteredPerson?> FindAsync(string personalId, CancellationToken cancellationToken)
    {
        if (http.BaseAddress is null)
            throw new PopulationRegisterUnavailableException("The population register is not configured (Population:BaseUrl).");
        try
        {
            using var response = await http.GetAsync($"people/{Uri.EscapeDataString(personalId)}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (!response.IsSuccessStatusCode)
                throw new PopulationRegisterUnavailableException($"The population register answered {(int)response.StatusCode}.");
            return await response.Content.ReadFromJsonAsync<RegisteredPerson>(json.Value.SerializerOptions, cancellationToken)
                ?? throw new PopulationRegisterUnavailableException("The population register answered an empty body.");
        }
        catch (Exception e) when (TransportFailure.Is(e) || e is System.Text.Json.JsonException
            or TaskCanceledException { InnerException: TimeoutException })
        {
            throw new PopulationRegisterUnavailableException("The population register could not be reached.", e);
        }
    }
}
