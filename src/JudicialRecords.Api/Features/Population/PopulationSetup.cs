using JudicialRecords.Domain;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Domain.People;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JudicialRecords.Api.Features.Population;

/// <summary>The population register adapter, and in Development the simulator it talks to (api.md "Development simulators").</summary>
public static class PopulationSetup
{
    /// <summary>The named HttpClient of <see cref="HttpPopulationRegister"/>; tests point its handler at the test server.</summary>
    public const string HttpClientName = "population-register";

    const string DevelopmentBaseUrl = "http://localhost:5080/sim/population/";
    const int MaxText = 200;

    public static WebApplicationBuilder AddPopulation(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(PopulationOptions.Section).Get<PopulationOptions>() ?? new PopulationOptions();
        var baseUrl = options.BaseUrl ?? (builder.Environment.IsDevelopment() ? DevelopmentBaseUrl : null);
        builder.Services.AddHttpClient<IPopulationRegister, HttpPopulationRegister>(HttpClientName, client =>
        {
            if (baseUrl is not null) client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            client.Timeout = options.Timeout;
        });
        builder.Services.ConfigureMarten(store => store.Schema.For<RegisteredPerson>().Identity(p => p.PersonalId));
        return builder;
    }

    /// <summary>The simulator answers in Development only; elsewhere its paths are 404.</summary>
    public static IEndpointRouteBuilder MapPopulationSimulator(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsDevelopment()) return app;
        var people = app.MapGroup("/sim/population/people").WithTags("Development").AllowAnonymous();
        people.MapPost("", Register)
            .WithSummary("Register a person in the population-register simulator (Development only); registering an ID again replaces it.");
        people.MapGet("/{personalId}", Find)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A person as the population-register simulator knows them (Development only).");
        return app;
    }

    public sealed record SimulatedPersonRequest(
        string? PersonalId, string? FullName, DateOnly? DateOfBirth, Sex? Sex, string? Nationality, string? Residence);

    static async Task<Results<Created<RegisteredPerson>, ValidationProblem>> Register(
        SimulatedPersonRequest request, IDocumentSession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var nationality = errors.Text("nationality", request.Nationality, MaxText, required: false) ?? Nationality.VietNam;
        var fullName = errors.Text("fullName", request.FullName, MaxText, required: true);
        var dateOfBirth = ExchangeValidation.Date(errors, "dateOfBirth", request.DateOfBirth, VietnamTime.Today(time));
        errors.Required("sex", request.Sex);
        var residence = errors.Text("residence", request.Residence, MaxText, required: false);
        string? personalId = null;
        if (errors.Required("personalId", request.PersonalId))
        {
            personalId = request.PersonalId!.Trim();
            if (Nationality.IsVietnamese(nationality) && dateOfBirth is { } dob && request.Sex is { } sex
                && PersonalId.Parse(personalId, dob, sex) is { IsSuccess: false } bad)
                errors.Add("personalId", bad.Error!.Detail);
            else if (personalId.Length > MaxText)
                errors.Add("personalId", $"At most {MaxText} characters.");
        }
        if (errors.Any) return errors.ToProblem();

        var person = new RegisteredPerson(personalId!, fullName!, dateOfBirth!.Value, request.Sex!.Value, nationality, residence);
        session.Store(person);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/sim/population/people/{Uri.EscapeDataString(person.PersonalId)}", person);
    }

    static async Task<Results<Ok<RegisteredPerson>, ProblemHttpResult>> Find(
        string personalId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<RegisteredPerson>(personalId, cancellationToken) is { } person
            ? TypedResults.Ok(person)
            : Problems.NotFound("The population register does not know this personal ID.");
}
