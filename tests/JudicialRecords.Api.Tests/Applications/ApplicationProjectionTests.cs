using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Api.Tests.Applications;

/// <summary>Every application event is registered, projected and folded: a missing handler skips the event silently.</summary>
public sealed class ApplicationProjectionTests
{
    static readonly Type[] DomainEvents = [.. typeof(IApplicationEvent).Assembly.GetTypes()
        .Where(t => typeof(IApplicationEvent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })];

    [Fact]
    public void every_application_event_of_the_domain_is_registered_with_the_store() =>
        Assert.Equal(DomainEvents.Select(t => t.Name).Order(), ApplicationProjection.EventTypes.Select(t => t.Name).Order());

    [Fact]
    public void the_projection_has_an_apply_for_every_registered_event()
    {
        var handled = typeof(ApplicationProjection).GetMethods()
            .Where(m => m.Name == "Apply" && m.GetParameters() is [_, { ParameterType: var s }] && s == typeof(ApplicationSnapshot))
            .Select(m => m.GetParameters()[0].ParameterType);

        Assert.Empty(ApplicationProjection.EventTypes.Except(handled));
    }
}
