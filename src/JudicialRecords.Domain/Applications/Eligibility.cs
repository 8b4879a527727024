using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Applications;

/// <summary>Eligibility limits as configuration.</summary>
public sealed record EligibilityRules
{
    public static EligibilityRules Default { get; } = new();

    /// <summary>A person may request their own certificate from this age (domain.md §1).</summary>
    public int MinimumAgeForOwnRequest { get; init; } = 16;

    /// <summary>
    /// Our choice, conservative: an agent must be an adult. The Civil Code 2015 Art. 138(3) would let
    /// someone from 15 act under a power of attorney.
    /// </summary>
    public int MinimumAgentAge { get; init; } = 18;

    /// <summary>Our choice: more copies than this in one request is a typing error, not a need.</summary>
    public int MaximumCopies { get; init; } = 20;
}

/// <summary>Who may ask for which certificate, and whether the request is complete enough to file.</summary>
public static class Eligibility
{
    /// <summary>
    /// Every rule <paramref name="request"/> breaks on the Vietnam date of <paramref name="now"/>, each
    /// naming the field at fault (camelCase path as in the API); empty when the request may be filed.
    /// A Form 2 request with <c>includeBankruptcyBan</c> false is accepted: Form 2 always shows bans.
    /// </summary>
    public static IReadOnlyList<DomainError> Check(ApplicationRequest request, DateTimeOffset now, EligibilityRules? rules = null)
    {
        rules ??= EligibilityRules.Default;
        var today = VietnamTime.DateOf(now);
        var errors = new List<DomainError>();

        if (!Enum.IsDefined(request.FormType))
        {
            errors.Add(Invalid("formType", "The form type is 1 or 2."));
        }

        if (!Enum.IsDefined(request.FeeCategory))
        {
            errors.Add(Invalid("feeCategory", "The fee category is standard, reduced or exempt."));
        }

        if (string.IsNullOrWhiteSpace(request.Purpose))
        {
            errors.Add(Required("purpose", "State what the certificate is for."));
        }

        if (request.Copies < 1 || request.Copies > rules.MaximumCopies)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.CopiesOutOfRange,
                $"Ask for 1 to {rules.MaximumCopies} copies; got {request.Copies}.",
                "copies"));
        }

        CheckDelivery(request.Delivery, errors);

        switch (request.RequesterKind)
        {
            case RequesterKind.Self:
                CheckSelf(request, today, rules, errors);
                break;
            case RequesterKind.Agent:
                CheckAgent(request, today, rules, errors);
                break;
            case RequesterKind.ProceduralAgency:
                CheckProceduralAgency(request, today, errors);
                break;
            case RequesterKind.StateBody:
                CheckStateBody(request, today, errors);
                break;
            default:
                errors.Add(Invalid("requesterKind", "The requester is the person, an agent, a procedural agency or a state body."));
                break;
        }

        if (request.Urgent && request.RequesterKind != RequesterKind.ProceduralAgency)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.UrgentNotAllowed,
                "Only a procedural agency may ask for urgent (24-hour) handling (Law 28/2009 Art. 48(3)).",
                "urgent"));
        }

        return errors;
    }

    private static void CheckSelf(ApplicationRequest request, DateOnly today, EligibilityRules rules, List<DomainError> errors)
    {
        if (request.Applicant is not { } applicant)
        {
            errors.Add(Required("applicant", "Give the applicant's identity."));
            return;
        }

        if (CheckPerson(applicant, "applicant", today, errors)
            && Age.InYears(applicant.DateOfBirth, today) < rules.MinimumAgeForOwnRequest)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.TooYoung,
                $"A person may request their own certificate from the age of {rules.MinimumAgeForOwnRequest}.",
                "applicant.dateOfBirth"));
        }

        if (request.Subject is { } subject && subject.PersonalId != applicant.PersonalId)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.SubjectIsNotApplicant,
                "A request for someone else's certificate is made as their agent (Form 1 only).",
                "subject.personalId"));
        }
    }

    private static void CheckAgent(ApplicationRequest request, DateOnly today, EligibilityRules rules, List<DomainError> errors)
    {
        if (request.FormType == FormType.Form2)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.Form2ThroughAgent,
                "Form 2 is issued only to the person themself or to a procedural agency, never through an agent (Law 28/2009 Art. 41, 46).",
                "formType"));
        }

        if (request.Applicant is not { } agent)
        {
            errors.Add(Required("applicant", "Give the agent's identity."));
        }
        else if (CheckPerson(agent, "applicant", today, errors)
            && Age.InYears(agent.DateOfBirth, today) < rules.MinimumAgentAge)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.AgentTooYoung,
                $"An agent must be at least {rules.MinimumAgentAge}.",
                "applicant.dateOfBirth"));
        }

        if (request.Subject is not { } subject)
        {
            errors.Add(Required("subject", "Give the identity of the person whose certificate is asked for."));
        }
        else
        {
            CheckPerson(subject, "subject", today, errors);
            if (request.Applicant is { } applicant && applicant.PersonalId == subject.PersonalId)
            {
                errors.Add(new DomainError(
                    ApplicationErrorCodes.SubjectIsApplicant,
                    "An agent applies for someone else; for one's own certificate apply as the person.",
                    "subject.personalId"));
            }
        }

        if (request.Relationship is not { } relationship)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.RelationshipRequired,
                "An agent states their relationship to the person: parent, spouse, child or other.",
                "relationship"));
        }
        else if (!Enum.IsDefined(relationship))
        {
            errors.Add(Invalid("relationship", "The relationship is parent, spouse, child or other."));
        }
        else if (relationship == AgentRelationship.Other && string.IsNullOrWhiteSpace(request.PowerOfAttorneyReference))
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.PowerOfAttorneyRequired,
                "An agent who is not the person's parent, spouse or child needs a power of attorney (Law 28/2009 Art. 46).",
                "powerOfAttorneyReference"));
        }
    }

    private static void CheckProceduralAgency(ApplicationRequest request, DateOnly today, List<DomainError> errors)
    {
        if (request.FormType == FormType.Form1)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.Form1ForProceduralAgency,
                "A procedural agency asks for Form 2 (Law 28/2009 Art. 41).",
                "formType"));
        }

        if (request.Agency is not { } agency)
        {
            errors.Add(Required("requestingAgency", "Name the procedural agency asking and its request letter."));
        }
        else
        {
            CheckRequestingAgency(agency, today, errors);
        }

        CheckSubject(request, today, errors);
    }

    /// <summary>The agency and its official letter: the letter's number and date identify the request on the certificate.</summary>
    private static void CheckRequestingAgency(RequestingAgency agency, DateOnly today, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(agency.Code))
        {
            errors.Add(Required("requestingAgency.code", "Name the procedural agency asking."));
        }

        if (!Enum.IsDefined(agency.Kind))
        {
            errors.Add(Invalid("requestingAgency.kind", "The agency is an investigation body, a procuracy or a court."));
        }

        CheckLetter("requestingAgency", agency.DocumentNumber, agency.DocumentDate, today, errors);
    }

    /// <summary>The request letter's number and date, which identify the request on the certificate.</summary>
    private static void CheckLetter(string path, string? number, DateOnly? date, DateOnly today, List<DomainError> errors)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            errors.Add(Required($"{path}.documentNumber", "Give the number of the request letter."));
        }

        if (date is not { } on)
        {
            errors.Add(Required($"{path}.documentDate", "Give the date of the request letter."));
        }
        else if (on > today)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.DocumentDateInFuture,
                $"The request letter's date {on:yyyy-MM-dd} is in the future.",
                $"{path}.documentDate"));
        }
    }

    /// <summary>
    /// A state body asks for Form 1 only, by a letter naming itself, its address, the purpose and the person (Law 28/2009
    /// Art. 7(2), 41(1), 45). The certificate goes to the body, at the counter or by post: nobody of the body downloads it.
    /// </summary>
    private static void CheckStateBody(ApplicationRequest request, DateOnly today, List<DomainError> errors)
    {
        if (request.FormType == FormType.Form2)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.Form2ForStateBody,
                "A state body asks for Form 1; Form 2 is for procedural agencies and the person (Law 28/2009 Art. 41).",
                "formType"));
        }

        if (request.Body is not { } body)
        {
            errors.Add(Required("requestingBody", "Name the state body asking and its request letter."));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(body.Name))
            {
                errors.Add(Required("requestingBody.name", "Give the state body's name."));
            }

            if (string.IsNullOrWhiteSpace(body.Address))
            {
                errors.Add(Required("requestingBody.address", "Give the state body's address (Law 28/2009 Art. 45(1))."));
            }

            if (!Enum.IsDefined(body.Purpose))
            {
                errors.Add(Invalid(
                    "requestingBody.purpose",
                    "A state body asks for personnel management, business registration, or founding or managing an enterprise (Law 28/2009 Art. 7(2))."));
            }

            CheckLetter("requestingBody", body.DocumentNumber, body.DocumentDate, today, errors);
        }

        CheckSubject(request, today, errors);

        if (request.Delivery is { Method: DeliveryMethod.Electronic })
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.StateBodyDelivery,
                "A state body's certificate is collected at the counter or sent to it by post.",
                "delivery.method"));
        }
    }

    /// <summary>The person an agency or a body asks about.</summary>
    private static void CheckSubject(ApplicationRequest request, DateOnly today, List<DomainError> errors)
    {
        if (request.Subject is not { } subject)
        {
            errors.Add(Required("subject", "Give the identity of the person whose certificate is asked for."));
        }
        else
        {
            CheckPerson(subject, "subject", today, errors);
        }
    }

    private static void CheckDelivery(Delivery? delivery, List<DomainError> errors)
    {
        if (delivery is null)
        {
            errors.Add(Required("delivery", "Choose how the certificate is delivered."));
        }
        else if (!Enum.IsDefined(delivery.Method))
        {
            errors.Add(Invalid("delivery.method", "Delivery is electronic, counter or post."));
        }
        else if (delivery.Method == DeliveryMethod.Post && string.IsNullOrWhiteSpace(delivery.Address))
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.AddressRequired,
                "Delivery by post needs an address.",
                "delivery.address"));
        }
    }

    /// <summary>Adds what is wrong with a person's identity; true when the birth date can be relied on.</summary>
    private static bool CheckPerson(PersonDetails person, string path, DateOnly today, List<DomainError> errors)
    {
        var sound = true;
        if (string.IsNullOrWhiteSpace(person.FullName))
        {
            errors.Add(Required($"{path}.fullName", "Give the full name."));
        }

        if (person.DateOfBirth > today)
        {
            errors.Add(new DomainError(
                ApplicationErrorCodes.DateOfBirthInFuture,
                $"The date of birth {person.DateOfBirth:yyyy-MM-dd} is in the future.",
                $"{path}.dateOfBirth"));
            sound = false;
        }

        if (Nationality.IsVietnamese(person.Nationality))
        {
            var id = PersonalId.Parse(person.PersonalId, person.DateOfBirth, person.Sex);
            if (id.Error is { } error)
            {
                errors.Add(error with { Field = $"{path}.personalId" });
            }
        }
        else if (string.IsNullOrWhiteSpace(person.PersonalId))
        {
            errors.Add(Required($"{path}.personalId", "Give the passport number."));
        }
        else if (!PassportNumber.IsValid(person.PersonalId))
        {
            // The shape the exchange keys a foreigner's record by: another shape would name a record no court can write to.
            errors.Add(Invalid($"{path}.personalId", PassportNumber.Expected(person.Nationality)));
        }

        return sound;
    }

    private static DomainError Required(string field, string detail) => new(ApplicationErrorCodes.Required, detail, field);

    private static DomainError Invalid(string field, string detail) => new(ApplicationErrorCodes.InvalidValue, detail, field);
}
