using System.Net;
using System.Text.RegularExpressions;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>Posting a dashboard form as a browser would: every field as the page shows it, with some changed.</summary>
public sealed partial class DashboardSession
{
    /// <summary>
    /// Loads <paramref name="page"/> and posts its form named <paramref name="formName"/> (a Razor form's
    /// <c>_handler</c>) with every value the page shows in it (text, textareas, selected options, checked boxes), each
    /// of <paramref name="changes"/> replacing the field's values (null clears a field, unticks a box).
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsShownAsync(string page, string formName, Dictionary<string, string?> changes)
    {
        var html = await PageAsync(page);
        var form = Forms().Matches(html).FirstOrDefault(f => f.Value.Contains($"name=\"_handler\" value=\"{formName}\""));
        Assert.True(form is not null, $"No form {formName} on {page}:\n{html}");
        var fields = ShownFields(form.Value).Where(f => !changes.ContainsKey(f.Key)).ToList();
        fields.AddRange(changes.Where(c => c.Value is not null).Select(c => KeyValuePair.Create(c.Key, c.Value!)));
        return await Http.PostAsync(page, new FormUrlEncodedContent(fields));
    }

    /// <summary>This session's antiforgery token, as its own pages carry it.</summary>
    public async Task<string> AntiforgeryTokenAsync() =>
        Regex.Match(await PageAsync("/account"), """name="__RequestVerificationToken" value="(?<token>[^"]+)"[\s/>]""").Groups["token"].Value;

    /// <summary>
    /// The status this session gets posting <paramref name="page"/>'s form as <paramref name="editor"/> sees it, with
    /// <paramref name="field"/> changed and this session's own antiforgery token: a refusal then comes from the role.
    /// </summary>
    public async Task<HttpStatusCode> PostEditorsFormAsync(DashboardSession editor, string page, string field)
    {
        var fields = ShownFields(await editor.PageAsync(page)).Where(f => f.Key != "__RequestVerificationToken").ToList();
        fields.Add(KeyValuePair.Create("__RequestVerificationToken", await AntiforgeryTokenAsync()));
        fields.Add(KeyValuePair.Create(field, "taken over"));
        return (await Http.PostAsync(page, new FormUrlEncodedContent(fields))).StatusCode;
    }

    /// <summary>What a browser would post of <paramref name="form"/>'s markup, submit buttons apart.</summary>
    public static List<KeyValuePair<string, string>> ShownFields(string form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in Inputs().Matches(form))
        {
            var attributes = Attributes(input.Groups["attributes"].Value);
            var type = attributes.GetValueOrDefault("type", "text");
            if (attributes.TryGetValue("name", out var name) && type is not ("submit" or "button") && (type is not ("checkbox" or "radio") || attributes.ContainsKey("checked")))
            {
                fields.Add(KeyValuePair.Create(name, attributes.GetValueOrDefault("value", type == "checkbox" ? "on" : "")));
            }
        }

        foreach (Match textarea in TextAreas().Matches(form))
        {
            fields.Add(KeyValuePair.Create(Attributes(textarea.Groups["attributes"].Value)["name"], WebUtility.HtmlDecode(textarea.Groups["text"].Value)));
        }

        foreach (Match select in Selects().Matches(form))
        {
            var selected = Options().Matches(select.Groups["options"].Value).Select(o => Attributes(o.Groups["attributes"].Value)).FirstOrDefault(o => o.ContainsKey("selected"));
            if (selected is not null)
            {
                fields.Add(KeyValuePair.Create(Attributes(select.Groups["attributes"].Value)["name"], selected["value"]));
            }
        }

        return fields;
    }

    private static Dictionary<string, string> Attributes(string markup) =>
        Attribute().Matches(markup).ToDictionary(a => a.Groups["name"].Value, a => WebUtility.HtmlDecode(a.Groups["value"].Value));

    [GeneratedRegex("""<input\b(?<attributes>[^>]*)>""")]
    private static partial Regex Inputs();

    [GeneratedRegex("""<textarea\b(?<attributes>[^>]*)>(?<text>.*?)</textarea>""", RegexOptions.Singleline)]
    private static partial Regex TextAreas();

    [GeneratedRegex("""<select\b(?<attributes>[^>]*)>(?<options>.*?)</select>""", RegexOptions.Singleline)]
    private static partial Regex Selects();

    [GeneratedRegex("""<option\b(?<attributes>[^>]*)>""")]
    private static partial Regex Options();

    [GeneratedRegex("""(?<name>[\w.:-]+)(?:="(?<value>[^"]*)")?""")]
    private static partial Regex Attribute();
}
