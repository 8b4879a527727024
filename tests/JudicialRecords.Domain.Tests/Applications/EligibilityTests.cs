using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Tests.Applications;

public sealed class EligibilityTests
{
    private static readonly DateTimeOffset Now = Requests.Now; // 2 June 2025 in Vietnam

    public static TheoryData<string, ApplicationRequest, string, string> Refused => new()
    {
        { "form 2 through an agent", Requests.ByAgent(AgentRelationship.Parent, form: FormType.Form2), ApplicationErrorCodes.Form2ThroughAgent, "formType" },
        { "applicant 15 years and 364 days old", Requests.Own(Requests.Person(new DateOnly(2009, 6, 3))), ApplicationErrorCodes.TooYoung, "applicant.dateOfBirth" },
        { "applicant 10 years old asking for form 2", Requests.Own(Requests.Person(new DateOnly(2015, 1, 1)), FormType.Form2), ApplicationErrorCodes.TooYoung, "applicant.dateOfBirth" },
        { "agent without a relationship", Requests.ByAgent(null), ApplicationErrorCodes.RelationshipRequired, "relationship" },
        { "agent of another kind without a power of attorney", Requests.ByAgent(AgentRelationship.Other), ApplicationErrorCodes.PowerOfAttorneyRequired, "powerOfAttorneyReference" },
        { "agent of another kind with a blank power of attorney", Requests.ByAgent(AgentRelationship.Other, "  "), ApplicationErrorCodes.PowerOfAttorneyRequired, "powerOfAttorneyReference" },
        { "agent younger than 18", Requests.ByAgent(AgentRelationship.Child) with { Applicant = Requests.Person(new DateOnly(2008, 1, 1)) }, ApplicationErrorCodes.AgentTooYoung, "applicant.dateOfBirth" },
        { "agent applying for themself", Requests.ByAgent(AgentRelationship.Parent) with { Subject = Requests.Mother }, ApplicationErrorCodes.SubjectIsApplicant, "subject.personalId" },
        { "agent without the subject", Requests.ByAgent(AgentRelationship.Parent) with { Subject = null }, ApplicationErrorCodes.Required, "subject" },
        { "own request naming someone else as subject", Requests.Own() with { Subject = Requests.Mother }, ApplicationErrorCodes.SubjectIsNotApplicant, "subject.personalId" },
        { "procedural agency asking for form 1", Requests.ByAgency(FormType.Form1), ApplicationErrorCodes.Form1ForProceduralAgency, "formType" },
        { "procedural agency not naming itself", Requests.ByAgency() with { Agency = null }, ApplicationErrorCodes.Required, "requestingAgency" },
        { "procedural agency with a blank code", Requests.ByAgency() with { Agency = Requests.Investigation with { Code = " " } }, ApplicationErrorCodes.Required, "requestingAgency.code" },
        { "procedural agency of an unknown kind", Requests.ByAgency() with { Agency = Requests.Investigation with { Kind = (ProceduralAgencyKind)7 } }, ApplicationErrorCodes.InvalidValue, "requestingAgency.kind" },
        { "procedural agency without its letter's number", Requests.ByAgency() with { Agency = Requests.Investigation with { DocumentNumber = null } }, ApplicationErrorCodes.Required, "requestingAgency.documentNumber" },
        { "procedural agency without its letter's date", Requests.ByAgency() with { Agency = Requests.Investigation with { DocumentDate = null } }, ApplicationErrorCodes.Required, "requestingAgency.documentDate" },
        { "procedural agency's letter dated tomorrow", Requests.ByAgency() with { Agency = Requests.Investigation with { DocumentDate = new DateOnly(2025, 6, 3) } }, ApplicationErrorCodes.DocumentDateInFuture, "requestingAgency.documentDate" },
        { "procedural agency without the person", Requests.ByAgency() with { Subject = null }, ApplicationErrorCodes.Required, "subject" },
        { "state body asking for form 2 (Art. 41)", Requests.ByStateBody(FormType.Form2), ApplicationErrorCodes.Form2ForStateBody, "formType" },
        { "state body not naming itself", Requests.ByStateBody() with { Body = null }, ApplicationErrorCodes.Required, "requestingBody" },
        { "state body with a blank name", Requests.ByStateBody() with { Body = Requests.PlanningDepartment with { Name = " " } }, ApplicationErrorCodes.Required, "requestingBody.name" },
        { "state body without its address (Art. 45)", Requests.ByStateBody() with { Body = Requests.PlanningDepartment with { Address = null } }, ApplicationErrorCodes.Required, "requestingBody.address" },
        { "state body with a purpose outside Art. 7(2)", Requests.ByStateBody() with { Body = Requests.PlanningDepartment with { Purpose = (StateBodyPurpose)9 } }, ApplicationErrorCodes.InvalidValue, "requestingBody.purpose" },
        { "state body without its letter's number", Requests.ByStateBody() with { Body = Requests.PlanningDepartment with { DocumentNumber = null } }, ApplicationErrorCodes.Required, "requestingBody.documentNumber" },
        { "state body's letter dated tomorrow", Requests.ByStateBody() with { Body = Requests.PlanningDepartment with { DocumentDate = new DateOnly(2025, 6, 3) } }, ApplicationErrorCodes.DocumentDateInFuture, "requestingBody.documentDate" },
        { "state body without the person", Requests.ByStateBody() with { Subject = null }, ApplicationErrorCodes.Required, "subject" },
        { "state body asking for an electronic certificate", Requests.ByStateBody() with { Delivery = new(DeliveryMethod.Electronic) }, ApplicationErrorCodes.StateBodyDelivery, "delivery.method" },
        { "state body asking urgently", Requests.ByStateBody() with { Urgent = true }, ApplicationErrorCodes.UrgentNotAllowed, "urgent" },
        { "urgent handling for an agent", Requests.ByAgent(AgentRelationship.Parent) with { Urgent = true }, ApplicationErrorCodes.UrgentNotAllowed, "urgent" },
        { "urgent handling for a private person", Requests.Own() with { Urgent = true }, ApplicationErrorCodes.UrgentNotAllowed, "urgent" },
        { "no copies", Requests.Own() with { Copies = 0 }, ApplicationErrorCodes.CopiesOutOfRange, "copies" },
        { "21 copies", Requests.Own() with { Copies = 21 }, ApplicationErrorCodes.CopiesOutOfRange, "copies" },
        { "post without an address", Requests.Own() with { Delivery = new(DeliveryMethod.Post, " ") }, ApplicationErrorCodes.AddressRequired, "delivery.address" },
        { "no delivery", Requests.Own() with { Delivery = null }, ApplicationErrorCodes.Required, "delivery" },
        { "no purpose", Requests.Own() with { Purpose = "" }, ApplicationErrorCodes.Required, "purpose" },
        { "form 3", Requests.Own() with { FormType = (FormType)3 }, ApplicationErrorCodes.InvalidValue, "formType" },
        { "personal ID contradicting the birth year", Requests.Own(Requests.Adult with { DateOfBirth = new DateOnly(1991, 3, 15) }), "personal-id.year", "applicant.personalId" },
        { "birth date in the future", Requests.Own(Requests.Adult with { DateOfBirth = new DateOnly(2025, 6, 3) }), ApplicationErrorCodes.DateOfBirthInFuture, "applicant.dateOfBirth" },
        { "foreigner without a passport number", Requests.Own(Requests.Foreigner with { PersonalId = "" }), ApplicationErrorCodes.Required, "applicant.personalId" },
        { "foreigner with a passport number of another shape", Requests.Own(Requests.Foreigner with { PersonalId = "c-1234" }), ApplicationErrorCodes.InvalidValue, "applicant.personalId" },
        { "\"Vietnamese\" with a passport number", Requests.Own(Requests.Foreigner with { Nationality = "Vietnamese" }), "personal-id.format", "applicant.personalId" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void request_is_refused_naming_the_field_at_fault(string because, ApplicationRequest request, string code, string field)
    {
        var errors = Eligibility.Check(request, Now);

        Assert.True(errors.Any(e => e.Code == code && e.Field == field), $"{because}: got {string.Join(", ", errors)}");
    }

    public static TheoryData<string, ApplicationRequest> Accepted => new()
    {
        { "adult asking for form 1", Requests.Own() },
        { "adult asking for form 2", Requests.Own(form: FormType.Form2) },
        { "applicant on their 16th birthday", Requests.Own(Requests.Person(new DateOnly(2009, 6, 2))) },
        { "parent as agent without power of attorney", Requests.ByAgent(AgentRelationship.Parent) },
        { "spouse as agent without power of attorney", Requests.ByAgent(AgentRelationship.Spouse) },
        { "child as agent without power of attorney", Requests.ByAgent(AgentRelationship.Child) },
        { "other agent with a power of attorney", Requests.ByAgent(AgentRelationship.Other, "15/2025/UQ") },
        { "parent as agent for a child under 16", Requests.ByAgent(AgentRelationship.Parent) with { Subject = Requests.Person(new DateOnly(2012, 1, 1)) } },
        { "procedural agency asking for form 2", Requests.ByAgency() },
        { "procedural agency asking urgently", Requests.ByAgency(urgent: true) },
        { "procuracy with a letter dated today", Requests.ByAgency() with { Agency = new("VKS-DNA", ProceduralAgencyKind.Procuracy, "88/VKS-P2", new DateOnly(2025, 6, 2)) } },
        { "court asking about a foreigner", Requests.ByAgency() with { Agency = new("TAND-DNA", ProceduralAgencyKind.Court, "14/CV-TA", new DateOnly(2025, 6, 1)), Subject = Requests.Foreigner } },
        { "state body asking for form 1, by post", Requests.ByStateBody() },
        { "state body collecting at the counter, for personnel", Requests.ByStateBody() with { Body = Requests.PlanningDepartment with { Purpose = StateBodyPurpose.Personnel }, Delivery = new(DeliveryMethod.Counter) } },
        { "form 2 without the bankruptcy-ban flag", Requests.Own(form: FormType.Form2) with { IncludeBankruptcyBan = false } },
        { "one copy", Requests.Own() with { Copies = 1 } },
        { "20 copies", Requests.Own() with { Copies = 20 } },
        { "post with an address", Requests.Own() with { Delivery = new(DeliveryMethod.Post, "12 Lê Lợi, Biên Hòa") } },
        { "counter without an address", Requests.Own() with { Delivery = new(DeliveryMethod.Counter) } },
        { "foreigner with a passport number", Requests.Own(Requests.Foreigner) },
        { "own request repeating themself as subject", Requests.Own() with { Subject = Requests.Adult } },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void request_is_accepted(string because, ApplicationRequest request) =>
        Assert.True(Eligibility.Check(request, Now).Count == 0, because);

    [Fact]
    public void sixteenth_birthday_is_reached_on_the_vietnam_date()
    {
        var request = Requests.Own(Requests.Person(new DateOnly(2009, 6, 3)));

        Assert.NotEmpty(Eligibility.Check(request, new DateTimeOffset(2025, 6, 2, 16, 59, 0, TimeSpan.Zero)));
        Assert.Empty(Eligibility.Check(request, new DateTimeOffset(2025, 6, 2, 17, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void every_broken_rule_is_reported_at_once()
    {
        var request = Requests.ByAgent(null, form: FormType.Form2) with { Copies = 0, Purpose = null };

        var fields = Eligibility.Check(request, Now).Select(e => e.Field).ToHashSet();

        Assert.Superset(new HashSet<string?> { "formType", "relationship", "copies", "purpose" }, fields);
    }

    [Fact]
    public void minimum_age_is_configuration()
    {
        var rules = EligibilityRules.Default with { MinimumAgeForOwnRequest = 18 };

        var errors = Eligibility.Check(Requests.Own(Requests.Person(new DateOnly(2008, 1, 1), Sex.Female)), Now, rules);

        Assert.Equal(ApplicationErrorCodes.TooYoung, Assert.Single(errors).Code);
    }
}
