using JudicialRecords.Documents.Signing.Pdf;

namespace JudicialRecords.Documents.Verification;

/// <summary>
/// Compares a signed revision with the final file and lists every change that is not one PAdES allows
/// after a signature (ETSI EN 319 142-1 §5.4, ISO 32000-1 §12.8.2.2): a DSS, further signatures and
/// document timestamps with their invisible fields and widgets, and the catalog, AcroForm, field list,
/// page and annotation list entries that reference them. Anything else (a page's content, resources,
/// an annotation with an appearance, the document information, any other object) is reported, because
/// a viewer shows the final file while the signature only vouches for the signed revision.
/// </summary>
internal sealed class UpdateInspector
{
    private enum Role { Catalog, AcroForm, Fields, Page, Annotations, Dss }

    private readonly PdfFile _signed;
    private readonly PdfFile _final;
    private readonly List<string> _problems = [];

    private UpdateInspector(PdfFile signed, PdfFile final)
    {
        _signed = signed;
        _final = final;
    }

    /// <summary>What changed after <paramref name="signed"/> that should not have; empty when nothing did.</summary>
    public static IReadOnlyList<string> Disallowed(PdfFile signed, PdfFile final)
    {
        var inspector = new UpdateInspector(signed, final);
        inspector.Inspect();
        return inspector._problems;
    }

    private void Inspect()
    {
        if (!Same(_signed.Trailer["Root"], _final.Trailer["Root"]))
            _problems.Add("The trailer points at a different catalog.");
        if (!Same(_signed.Trailer["Info"], _final.Trailer["Info"]))
            _problems.Add("The trailer points at different document information.");

        var roles = RolesInSigned();
        foreach (var (number, entry) in _final.Entries)
        {
            // A new object is harmless until a changed object references it; those references are judged below.
            if (!_signed.Entries.TryGetValue(number, out var old) || old.Offset < 0 || old == entry)
                continue;
            if (entry.Offset < 0 || entry.Generation != old.Generation)
            {
                _problems.Add($"Object {number} was deleted.");
                continue;
            }
            var reference = new PdfReference(number, old.Generation);
            if (roles.TryGetValue(number, out var role))
                InspectChanged(role, reference);
            else
                _problems.Add($"Object {number} ({Describe(reference)}) was replaced.");
        }
        // A cross-reference section without /Prev starts a table of its own: an object it leaves out is gone for a viewer
        // (a missing object reads as null), as if deleted, though no entry of the final table says so.
        foreach (var (number, old) in _signed.Entries)
        {
            if (old.Offset >= 0 && !_final.Entries.ContainsKey(number))
                _problems.Add($"Object {number} was left out of the final cross-reference table.");
        }
    }

    /// <summary>The objects of the signed revision that a permitted update may rewrite, by what they are.</summary>
    private Dictionary<int, Role> RolesInSigned()
    {
        var roles = new Dictionary<int, Role> { [_signed.RootReference.Number] = Role.Catalog };
        var catalog = _signed.Catalog;
        if (catalog["DSS"] is PdfReference dss)
            roles.TryAdd(dss.Number, Role.Dss);
        if (catalog["AcroForm"] is { } formValue)
        {
            if (formValue is PdfReference formReference)
                roles.TryAdd(formReference.Number, Role.AcroForm);
            if (_signed.Resolve(formValue) is PdfDictionary { } form && form["Fields"] is PdfReference fields)
                roles.TryAdd(fields.Number, Role.Fields);
        }
        foreach (var (page, dictionary) in Pages(_signed))
        {
            roles.TryAdd(page.Number, Role.Page);
            if (dictionary["Annots"] is PdfReference annotations)
                roles.TryAdd(annotations.Number, Role.Annotations);
        }
        return roles;
    }

    private void InspectChanged(Role role, PdfReference reference)
    {
        switch (role)
        {
            case Role.Catalog:
                InspectDictionary("The catalog", _signed.ReadDictionary(reference), _final.ReadDictionary(reference), (key, before, after) =>
                {
                    if (key == "DSS")
                        return true;
                    if (key == "AcroForm")
                    {
                        if (!(before is PdfReference && Same(before, after)))
                            InspectForm(Resolve(_signed, before) as PdfDictionary, Resolve(_final, after) as PdfDictionary);
                        return true;
                    }
                    return false;
                });
                break;
            case Role.AcroForm:
                InspectForm(_signed.ReadDictionary(reference), _final.ReadDictionary(reference));
                break;
            case Role.Fields:
                InspectGrowth("The form's field list", _signed.ReadObject(reference), _final.ReadObject(reference));
                break;
            case Role.Page:
                InspectDictionary($"Page object {reference.Number}", _signed.ReadDictionary(reference), _final.ReadDictionary(reference),
                    (key, before, after) =>
                    {
                        if (key != "Annots")
                            return false;
                        if (!(before is PdfReference && Same(before, after)))
                            InspectGrowth($"The annotations of page object {reference.Number}", Resolve(_signed, before), Resolve(_final, after));
                        return true;
                    });
                break;
            case Role.Annotations:
                InspectGrowth($"Annotation list {reference.Number}", _signed.ReadObject(reference), _final.ReadObject(reference));
                break;
            case Role.Dss:
                // Validation data is not displayed; a DSS may be extended freely.
                if (_final.ReadObject(reference) is not PdfDictionary)
                    _problems.Add("The DSS was replaced by something other than a dictionary.");
                break;
        }
    }

    private void InspectForm(PdfDictionary? before, PdfDictionary? after)
    {
        if (after is null)
        {
            if (before is not null)
                _problems.Add("The interactive form was removed.");
            return;
        }
        InspectDictionary("The interactive form", before ?? new PdfDictionary(), after, (key, oldValue, newValue) =>
        {
            if (key == "SigFlags")
                return true;
            if (key != "Fields")
                return false;
            if (!(oldValue is PdfReference && Same(oldValue, newValue)))
                InspectGrowth("The form's field list", Resolve(_signed, oldValue), Resolve(_final, newValue));
            return true;
        });
    }

    /// <summary>Every entry must be unchanged unless <paramref name="permitted"/> takes the key (and judges it).</summary>
    private void InspectDictionary(string what, PdfDictionary before, PdfDictionary after, Func<string, PdfObject?, PdfObject?, bool> permitted)
    {
        foreach (var key in before.Entries.Select(e => e.Key).Union(after.Entries.Select(e => e.Key)))
        {
            var (oldValue, newValue) = (before[key], after[key]);
            if (!permitted(key, oldValue, newValue) && !Same(oldValue, newValue))
                _problems.Add($"{what} changed its /{key}.");
        }
    }

    /// <summary>An array of fields or annotations may only gain invisible signature fields.</summary>
    private void InspectGrowth(string what, PdfObject? before, PdfObject? after)
    {
        var oldItems = (before as PdfArray)?.Items.Select(i => i.ToString()).ToHashSet() ?? [];
        if (after is not PdfArray newArray)
        {
            if (oldItems.Count > 0 || after is not null)
                _problems.Add($"{what} is no longer an array.");
            return;
        }
        var newItems = newArray.Items.Select(i => i.ToString()).ToHashSet();
        if (!oldItems.IsSubsetOf(newItems))
            _problems.Add($"{what} lost entries.");
        foreach (var added in newArray.Items.Where(i => !oldItems.Contains(i.ToString())))
        {
            var problem = added is PdfReference reference ? InvisibleSignatureFieldProblem(reference) : "not an indirect reference.";
            if (problem is not null)
                _problems.Add($"{what} gained {added}, which is {problem}");
        }
    }

    private string? InvisibleSignatureFieldProblem(PdfReference reference)
    {
        if (_final.ReadObject(reference) is not PdfDictionary field)
            return "not a dictionary.";
        if (field.NameOf("FT") != "Sig")
            return "not a signature field (/FT).";
        if (field["Kids"] is not null)
            return "a field with kids.";
        if (field["V"] is { } value && (Resolve(_final, value) as PdfDictionary)?.NameOf("Type") is not ("Sig" or "DocTimeStamp"))
            return "a field whose value is not a signature or document timestamp dictionary.";
        // /FT says nothing to a viewer, which draws by the annotation's /Subtype: a Square or FreeText "signature field"
        // is a visible overlay, with or without an /AP of its own (viewers make a default appearance).
        if (field["Subtype"] is not null && field.NameOf("Subtype") != "Widget")
            return $"an annotation of subtype {field["Subtype"]}, not a signature widget.";
        // Whatever the appearance, nothing is drawn in a rectangle of no area; any other rectangle, or one that is not four
        // plain numbers (a reference inside it, a name), may show something.
        if (field["Rect"] is { } rectangle && !IsEmptyRectangle(Resolve(_final, rectangle)))
            return "a field with a rectangle that is not empty: it may be drawn.";
        return null;
    }

    private static bool IsEmptyRectangle(PdfObject? value)
    {
        if (value is not PdfArray { Items.Count: 4 } rectangle)
            return false;
        var numbers = rectangle.Items.Select(i => double.TryParse((i as PdfAtom)?.Text, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : double.NaN).ToArray();
        return !numbers.Any(double.IsNaN) && (numbers[0] == numbers[2] || numbers[1] == numbers[3]);
    }

    private string Describe(PdfReference reference)
    {
        try
        {
            return _signed.ReadObject(reference) is PdfDictionary dictionary && (dictionary.NameOf("Type") ?? dictionary.NameOf("Subtype")) is { } type
                ? "/" + type
                : "not a typed dictionary";
        }
        catch (PdfFormatException)
        {
            return "unreadable";
        }
    }

    private static IEnumerable<(PdfReference Reference, PdfDictionary Page)> Pages(PdfFile file)
    {
        if (file.Catalog["Pages"] is not PdfReference root)
            yield break;
        var pending = new Stack<PdfReference>([root]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (!seen.Add(node.Number))
                continue;
            var dictionary = file.ReadDictionary(node);
            if (dictionary.NameOf("Type") == "Page")
                yield return (node, dictionary);
            else if (file.Resolve(dictionary["Kids"] ?? new PdfArray()) is PdfArray kids)
            {
                foreach (var kid in kids.Items.OfType<PdfReference>())
                    pending.Push(kid);
            }
        }
    }

    private static PdfObject? Resolve(PdfFile file, PdfObject? value) => value is null ? null : file.Resolve(value);

    private static bool Same(PdfObject? a, PdfObject? b) => a?.ToString() == b?.ToString();
}
