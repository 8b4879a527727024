using JudicialRecords.Api.Features.AgencyRequests.Simulation;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Api.Tests.AgencyRequests;

public sealed class SimulatedFilesTests
{
    [Fact]
    public void the_shipped_seed_holds_valid_personal_ids_of_people_adult_before_2010_with_their_files()
    {
        var seed = SimulatedFiles.Seed();

        Assert.True(seed.People.Count >= 2);
        Assert.All(seed.People.Keys, id => Assert.True(PersonalId.Parse(id).IsSuccess, id));
        Assert.Contains(seed.People.Values, f => f.Police == VerificationOutcome.ReferToCourt);
        Assert.All(seed.People.Values, f => Assert.NotEmpty(f.Convictions!));
    }
}
