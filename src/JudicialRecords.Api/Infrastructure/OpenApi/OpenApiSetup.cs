using Microsoft.OpenApi;

namespace JudicialRecords.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "JudicialRecords API",
                Version = "v1",
                Description = "Vietnamese judicial-record certificates (Phiếu lý lịch tư pháp): records exchange, applications, signed certificates, verification.",
            });
            swagger.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with one of the roles court, police, enforcement, clerk, approver, admin, applicant.",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = [],
            });
            swagger.OperationFilter<RequiredHeaderFilter>();
            swagger.OperationFilter<OptionalHeaderFilter>();
            swagger.OperationFilter<AuthorizationFilter>();
            swagger.CustomSchemaIds(type => type.FullName!.Replace("JudicialRecords.", "").Replace("+", "."));
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(ui => ui.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "JudicialRecords API v1"));
        return app;
    }
}
