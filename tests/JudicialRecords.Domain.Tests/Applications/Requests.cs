using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Tests.Applications;

/// <summary>People and requests for application tests; every personal ID agrees with its birth date and sex.</summary>
internal static class Requests
{
    /// <summary>Monday 2 June 2025, 09:00 in Vietnam.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 2, 9, 0, 0, TimeSpan.FromHours(7));

    public static readonly PersonDetails Adult = Person(new DateOnly(1990, 3, 15), Sex.Male, "Nguyễn Văn An", "001234");

    public static readonly PersonDetails Mother = Person(new DateOnly(1965, 8, 1), Sex.Female, "Trần Thị Bình", "004321");

    public static readonly Actor ApplicantActor = new(Adult.PersonalId, "applicant");

    public static readonly Actor Clerk = new("clerk-1", "clerk");

    public static readonly Actor Approver = new("approver-1", "approver");

    public static PersonDetails Person(DateOnly dateOfBirth, Sex sex = Sex.Male, string name = "Lê Văn Cường", string serial = "000777")
    {
        var code = ((dateOfBirth.Year / 100) - 19) * 2 + (sex == Sex.Female ? 1 : 0);
        var id = $"075{code}{dateOfBirth.Year % 100:00}{serial}";
        return new PersonDetails(id, name, [], dateOfBirth, sex, "Biên Hòa, Đồng Nai", "Việt Nam", "Kinh",
            "Biên Hòa, Đồng Nai", null, null, null);
    }

    public static PersonDetails Foreigner { get; } = new(
        "C01234567", "John Smith", [], new DateOnly(1985, 1, 1), Sex.Male, "London", "Vương quốc Anh", null,
        "Quận 1, TP. Hồ Chí Minh", null, null, null);

    public static ApplicationRequest Own(PersonDetails? applicant = null, FormType form = FormType.Form1) => new(
        form, RequesterKind.Self, applicant ?? Adult, null, null, null, null,
        "Bổ sung hồ sơ xin việc", IncludeBankruptcyBan: false, Copies: 1, FeeCategory.Standard,
        new Delivery(DeliveryMethod.Electronic));

    public static ApplicationRequest ByAgent(AgentRelationship? relationship, string? powerOfAttorney = null, FormType form = FormType.Form1) =>
        Own(Mother, form) with
        {
            RequesterKind = RequesterKind.Agent,
            Subject = Adult,
            Relationship = relationship,
            PowerOfAttorneyReference = powerOfAttorney,
        };

    /// <summary>Đồng Nai's investigation police and their letter of Friday 30 May 2025.</summary>
    public static readonly RequestingAgency Investigation =
        new("CA-DNA", ProceduralAgencyKind.Investigation, "125/CV-CSĐT", new DateOnly(2025, 5, 30));

    public static ApplicationRequest ByAgency(FormType form = FormType.Form2, bool urgent = false) =>
        Own(null, form) with
        {
            RequesterKind = RequesterKind.ProceduralAgency,
            Applicant = null,
            Subject = Adult,
            Agency = Investigation,
            Purpose = "Phục vụ điều tra vụ án số 12/2025",
            Urgent = urgent,
        };

    /// <summary>Đồng Nai's Department of Planning and Investment and its letter of Friday 30 May 2025.</summary>
    public static readonly RequestingBody PlanningDepartment = new(
        "Sở Kế hoạch và Đầu tư tỉnh Đồng Nai", "Số 2 đường Nguyễn Văn Trị, Biên Hòa, Đồng Nai", StateBodyPurpose.Enterprise,
        "412/SKHĐT-ĐKKD", new DateOnly(2025, 5, 30));

    public static ApplicationRequest ByStateBody(FormType form = FormType.Form1) =>
        Own(null, form) with
        {
            RequesterKind = RequesterKind.StateBody,
            Applicant = null,
            Subject = Adult,
            Body = PlanningDepartment,
            Purpose = "Thẩm định người quản lý doanh nghiệp",
            Delivery = new(DeliveryMethod.Post, PlanningDepartment.Address),
        };
}
