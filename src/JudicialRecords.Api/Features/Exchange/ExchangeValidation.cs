using System.Security.Cryptography;
using System.Text;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Domain.Law;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>A judgment push that passed validation, in domain terms.</summary>
public sealed record ValidJudgment(
    string JudgmentNumber,
    string Court,
    DateOnly JudgmentDate,
    DateOnly EffectiveDate,
    DateOnly OffenceDate,
    PersonDetails Person,
    JudgmentTerms Terms,
    long CourtFeeVnd,
    IReadOnlyList<CivilObligation> CivilObligations)
{
    /// <summary>The event that records this judgment, sent by <paramref name="source"/>.</summary>
    public JudgmentTookEffect TookEffect(Guid convictionId, string source) =>
        new(convictionId, source, JudgmentNumber, JudgmentDate, EffectiveDate, Court, OffenceDate, Person, Terms, CourtFeeVnd, CivilObligations);

    /// <summary>
    /// The conviction id of a judgment read from old files (legacy import, police answers): derived from the
    /// person, court and judgment number, so that reading the same files twice finds what the first read wrote.
    /// </summary>
    public Guid FilesConvictionId => FilesConvictionIdOf(Person.PersonalId, Court, JudgmentNumber);

    public static Guid FilesConvictionIdOf(string personalId, string court, string judgmentNumber)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"legacy\n{personalId}\n{court}\n{judgmentNumber}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8: name-based, custom hash
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>
/// The checks a records clerk makes on what agencies send. Pure: the caller passes today's date
/// (Vietnam time); every failure is reported under the JSON path of the field at fault.
/// </summary>
public static class ExchangeValidation
{
    const int MaxText = 500;
    const int MaxNumber = 64;

    /// <summary>Criminal liability starts at 14 (Penal Code 2015 Art. 12).</summary>
    const int AgeOfCriminalLiability = 14;

    public static ValidJudgment? Judgment(JudgmentRequest r, DateOnly today, FieldErrors errors)
    {
        var number = errors.Text("judgmentNumber", r.JudgmentNumber, MaxNumber, required: true);
        var court = errors.Text("court", r.Court, MaxNumber, required: true);
        var judgmentDate = Date(errors, "judgmentDate", r.JudgmentDate, today);
        var effectiveDate = Date(errors, "effectiveDate", r.EffectiveDate, today);
        if (judgmentDate is { } jd && effectiveDate < jd)
            errors.Add("effectiveDate", "A judgment takes legal effect on or after the date it is given (judgmentDate).");
        var offenceDate = Date(errors, "offenceDate", r.OffenceDate, today);
        if (judgmentDate is { } jd2 && offenceDate > jd2)
            errors.Add("offenceDate", "The offence must have been committed on or before the judgment date.");

        var person = Person(errors, "person", r.Person, today, required: true);
        int? ageAtOffence = null;
        if (person is not null && offenceDate is { } od)
        {
            ageAtOffence = Age.InYears(person.DateOfBirth, od);
            if (ageAtOffence < AgeOfCriminalLiability)
                errors.Add("offenceDate", $"The person was {ageAtOffence} at the offence date; criminal liability starts at {AgeOfCriminalLiability} (Art. 12).");
        }

        var terms = Terms(errors, "", r.Offences, r.PrincipalPenalty, r.SupplementaryPenalties, offenceDate, previous: null,
            r.ExemptedFromPunishment ?? false);

        if (r.CourtFeeVnd < 0) errors.Add("courtFeeVnd", "Must be zero or more.");
        var civil = new List<CivilObligation>();
        for (var i = 0; i < (r.CivilObligations?.Count ?? 0); i++)
        {
            var o = r.CivilObligations![i];
            var path = $"civilObligations[{i}]";
            if (o is null) { errors.Add(path, "Required."); continue; }
            var description = errors.Text($"{path}.description", o.Description, MaxText, required: true);
            if (o.AmountVnd < 0) errors.Add($"{path}.amountVnd", "Must be zero or more.");
            if (description is not null) civil.Add(new CivilObligation(description, o.AmountVnd));
        }

        if (errors.Any) return null;
        return new ValidJudgment(number!, court!, judgmentDate!.Value, effectiveDate!.Value, offenceDate!.Value, person!, terms!,
            r.CourtFeeVnd ?? 0, civil);
    }

    /// <summary>
    /// Offences and penalties, for a judgment or an amendment. With <paramref name="previous"/> (an amendment),
    /// each omitted part keeps its previous value. <paramref name="exempted"/>: exempted from punishment (Art. 59), so there
    /// is no principal penalty, and one given is refused.
    /// </summary>
    public static JudgmentTerms? Terms(
        FieldErrors errors,
        string prefix,
        IReadOnlyList<OffenceRequest>? offences,
        PrincipalPenaltyRequest? principal,
        IReadOnlyList<SupplementaryPenaltyRequest>? supplementary,
        DateOnly? offenceDate,
        JudgmentTerms? previous,
        bool exempted = false)
    {
        var before = errors.Count;
        List<Offence>? validOffences = null;
        if (offences is null && previous is not null)
        {
            validOffences = [.. previous.Offences];
        }
        else if (offences is null || offences.Count == 0)
        {
            errors.Add(prefix + "offences", "At least one offence is required.");
        }
        else
        {
            validOffences = [];
            for (var i = 0; i < offences.Count; i++)
            {
                if (Offence(errors, $"{prefix}offences[{i}]", offences[i], offenceDate) is { } o) validOffences.Add(o);
            }
        }

        PrincipalPenalty? validPrincipal;
        if (exempted)
        {
            validPrincipal = null;
            if (principal is not null)
                errors.Add(prefix + "principalPenalty", "Not with exemptedFromPunishment: a person exempted from punishment has no penalty (Art. 59).");
        }
        else
        {
            validPrincipal = principal is null && previous is not null
                ? previous.PrincipalPenalty
                : Principal(errors, prefix + "principalPenalty", principal);
        }

        List<SupplementaryPenalty> validSupplementary = [];
        if (supplementary is null && previous is not null)
        {
            validSupplementary = [.. previous.SupplementaryPenalties];
        }
        else
        {
            for (var i = 0; i < (supplementary?.Count ?? 0); i++)
            {
                if (Supplementary(errors, $"{prefix}supplementaryPenalties[{i}]", supplementary![i]) is { } s) validSupplementary.Add(s);
            }
        }

        if (errors.Count > before || validOffences is null) return null;
        return new JudgmentTerms(validOffences!, validPrincipal, validSupplementary);
    }

    static Offence? Offence(FieldErrors errors, string path, OffenceRequest? o, DateOnly? offenceDate)
    {
        if (o is null) { errors.Add(path, "Required."); return null; }
        var name = errors.Text($"{path}.name", o.Name, MaxText, required: true);
        var clause = errors.Text($"{path}.clause", o.Clause, MaxNumber, required: false);
        string? chapter = null;
        if (errors.Required($"{path}.article", o.Article) && offenceDate is { } date)
        {
            var code = PenalCode.For(date);
            var found = code.FindOffence(o.Article, date);
            if (!found.IsSuccess)
            {
                errors.Add($"{path}.article", found.Error!.Detail + $" (the code in force on the offence date {date:yyyy-MM-dd}).");
            }
            else
            {
                chapter = found.Value.Chapter!.Numeral;
                if (o.Chapter is { } stated && !found.Value.Chapter.IsNamedBy(stated))
                    errors.Add($"{path}.chapter", $"Article {found.Value.Number} of the Penal Code {code.Edition} is in chapter {chapter}, not {stated}.");
            }
        }

        // The class of the offence (Art. 9) is an addition to api.md's offence fields. A negligent offence, itself an addition,
        // needs it (Art. 69(2)). An offender under 16 has no record whatever the class (Art. 107(1)(a)); one of 16 or 17 without
        // it keeps the record, and an approver reads the judgment before a certificate is issued (InstantIssuance.Unclear).
        var negligent = o.Negligent ?? false;
        if (o.Severity is null && negligent)
            errors.Add($"{path}.severity", "Required for a negligent offence: it decides whether the conviction counts as a record (Art. 69(2)).");

        return name is null || chapter is null ? null : new Offence(o.Article!.Trim(), clause, name, chapter, o.Severity, negligent);
    }

    static PrincipalPenalty? Principal(FieldErrors errors, string path, PrincipalPenaltyRequest? p)
    {
        if (!errors.Required(path, p)) return null;
        if (!errors.Required($"{path}.type", p!.Type)) return null;
        var type = p.Type!.Value;
        var suspended = p.Suspended ?? false;
        var before = errors.Count;
        // A client that sends every field sends 0 for those that do not apply: 0 reads as absent there, and is not kept.
        var months = type is PrincipalPenaltyType.Imprisonment or PrincipalPenaltyType.NonCustodialReform ? p.Months : Unless0(p.Months);
        var fineVnd = type == PrincipalPenaltyType.Fine ? p.FineVnd : Unless0(p.FineVnd);
        var probationMonths = suspended ? p.ProbationMonths : Unless0(p.ProbationMonths);

        void Forbid(string field, object? value, string why)
        {
            if (value is not null) errors.Add($"{path}.{field}", why);
        }

        var named = $"Not applicable to a {type.ToString().ToLowerInvariant()} penalty.";
        if (type != PrincipalPenaltyType.Imprisonment && suspended)
            errors.Add($"{path}.suspended", "Only imprisonment can be suspended (Art. 65).");
        if (!suspended) Forbid("probationMonths", probationMonths, "Probation applies only to a suspended sentence.");
        if (type != PrincipalPenaltyType.Fine) Forbid("fineVnd", fineVnd, named);

        switch (type)
        {
            case PrincipalPenaltyType.Fine:
                if (fineVnd is not > 0) errors.Add($"{path}.fineVnd", "A fine needs fineVnd greater than 0.");
                Forbid("months", months, named);
                break;
            case PrincipalPenaltyType.NonCustodialReform:
                if (months is not (>= 6 and <= 36)) errors.Add($"{path}.months", "Non-custodial reform lasts 6 to 36 months (Art. 36).");
                break;
            case PrincipalPenaltyType.Imprisonment:
                if (months is not (>= 3 and <= 360))
                    errors.Add($"{path}.months", "Imprisonment with a term needs months from 3 (Art. 38) to 360 (30 years for several offences, Art. 55).");
                else if (suspended && months > 36)
                    errors.Add($"{path}.suspended", "Only imprisonment of at most 36 months can be suspended (Art. 65).");
                if (suspended && probationMonths is not (>= 12 and <= 60))
                    errors.Add($"{path}.probationMonths", "A suspended sentence needs probation of 12 to 60 months (Art. 65).");
                break;
            default:
                Forbid("months", months, named);
                break;
        }

        return errors.Count > before ? null : new PrincipalPenalty(type, months, fineVnd, suspended, probationMonths);
    }

    static T? Unless0<T>(T? value) where T : struct, System.Numerics.INumber<T> => value is { } v && T.IsZero(v) ? null : value;

    static SupplementaryPenalty? Supplementary(FieldErrors errors, string path, SupplementaryPenaltyRequest? s)
    {
        if (!errors.Required(path, s)) return null;
        if (!errors.Required($"{path}.type", s!.Type)) return null;
        var detail = errors.Text($"{path}.detail", s.Detail, MaxText, required: false);
        switch (s.Type!.Value)
        {
            case SupplementaryPenaltyType.BanFromPosts or SupplementaryPenaltyType.BanFromProfession
                or SupplementaryPenaltyType.ResidenceBan or SupplementaryPenaltyType.SupervisedResidence
                or SupplementaryPenaltyType.CivicRightsDeprivation:
                if (s.Months is not (>= 12 and <= 60))
                {
                    errors.Add($"{path}.months", "This supplementary penalty lasts 12 to 60 months (Art. 41–44).");
                    return null;
                }
                break;
            default:
                if (Unless0(s.Months) is not null)
                {
                    errors.Add($"{path}.months", "A fine, confiscation or expulsion has no duration.");
                    return null;
                }
                return new SupplementaryPenalty(s.Type.Value, null, detail);
        }
        return new SupplementaryPenalty(s.Type.Value, s.Months, detail);
    }

    public static PersonDetails? Person(FieldErrors errors, string path, PersonRequest? p, DateOnly today, bool required)
    {
        if (p is null)
        {
            if (required) errors.Add(path, "Required.");
            return null;
        }

        var before = errors.Count;
        var fullName = errors.Text($"{path}.fullName", p.FullName, MaxText, required: true);
        var dateOfBirth = Date(errors, $"{path}.dateOfBirth", p.DateOfBirth, today);
        errors.Required($"{path}.sex", p.Sex);
        var nationality = errors.Text($"{path}.nationality", p.Nationality, MaxText, required: false) ?? Nationality.VietNam;
        var texts = new[] { p.PlaceOfBirth, p.Ethnicity, p.Residence, p.FatherName, p.MotherName, p.SpouseName };
        var names = new[] { "placeOfBirth", "ethnicity", "residence", "fatherName", "motherName", "spouseName" };
        for (var i = 0; i < texts.Length; i++) errors.Text($"{path}.{names[i]}", texts[i], MaxText, required: false);
        var otherNames = p.OtherNames ?? [];
        for (var i = 0; i < otherNames.Count; i++) errors.Text($"{path}.otherNames[{i}]", otherNames[i], MaxText, required: true);

        if (!errors.Required($"{path}.personalId", p.PersonalId)) return null;
        string? personalId = null;
        if (Nationality.IsVietnamese(nationality))
        {
            var id = dateOfBirth is { } dob && p.Sex is { } sex ? PersonalId.Parse(p.PersonalId, dob, sex) : PersonalId.Parse(p.PersonalId);
            if (id.IsSuccess) personalId = id.Value.Value;
            else errors.Add($"{path}.personalId", id.Error!.Detail);
        }
        else if (PassportNumber.IsValid(p.PersonalId)) personalId = p.PersonalId;
        else errors.Add($"{path}.personalId", PassportNumber.Expected(nationality));

        if (errors.Count > before || fullName is null || dateOfBirth is null || p.Sex is null || personalId is null) return null;
        return new PersonDetails(personalId, fullName!, [.. otherNames.Select(n => n.Trim())], dateOfBirth!.Value, p.Sex!.Value,
            Trim(p.PlaceOfBirth), nationality, Trim(p.Ethnicity), Trim(p.Residence), Trim(p.FatherName), Trim(p.MotherName), Trim(p.SpouseName));
    }

    /// <summary>A person named by identity number alone: a 12-digit personal ID, or a foreigner's passport number.</summary>
    public static string? PersonalIdOnly(FieldErrors errors, string field, string? value)
    {
        if (!errors.Required(field, value)) return null;
        var id = PersonalId.Parse(value);
        if (id.IsSuccess) return id.Value.Value;
        if (PassportNumber.IsValid(value)) return value;
        errors.Add(field, $"{id.Error!.Detail} A foreigner's passport number is {PassportNumber.Shape}.");
        return null;
    }

    /// <summary>A date that must be given and must not lie after today (Vietnam time).</summary>
    /// <summary>When the judgment was served in full (old files): between the day it took effect and today.</summary>
    public static void CompletedOn(FieldErrors errors, string field, DateOnly? completedOn, ValidJudgment judgment, DateOnly today)
    {
        if (completedOn is { } completed && (completed < judgment.EffectiveDate || completed > today))
            errors.Add(field, "Must lie between the date the judgment took effect and today.");
    }

    public static DateOnly? Date(FieldErrors errors, string field, DateOnly? value, DateOnly today)
    {
        if (!errors.Required(field, value)) return null;
        if (value > today)
        {
            errors.Add(field, $"Must not be in the future (today is {today:yyyy-MM-dd} in Vietnam).");
            return null;
        }
        return value;
    }

    static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
