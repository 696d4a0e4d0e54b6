using System.Text;
using System.Xml;
using Sentinel.Api.Dashboard;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// <c>/status/{slug}/feed.atom</c>: the page's incidents (open and of the last 90 days) as Atom 1.0 (RFC 4287), one
/// entry per incident, updated with each update of its timeline. Ids are <c>urn:uuid:</c> so they hold on every host
/// name the page is reached by; links are paths on the host the feed was read from.
/// </summary>
public static class StatusPageFeed
{
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static byte[] Write(PublicStatusPage model)
    {
        var page = model.Page;
        var incidents = model.OpenIncidents.Concat(model.PastIncidents).OrderByDescending(i => i.UpdatedAt).ToList();
        using var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", Atom);
            xml.WriteElementString("id", Atom, $"urn:uuid:{page.Id}");
            xml.WriteElementString("title", Atom, XmlText($"{page.Title}: incidents"));
            xml.WriteElementString("updated", Atom, Display.Machine(incidents.Count > 0 ? incidents.Max(i => i.UpdatedAt) : page.UpdatedAt));
            Link(xml, "alternate", "text/html", StatusPageRoutes.PagePath(page.Slug));
            Link(xml, "self", "application/atom+xml", StatusPageRoutes.FeedPath(page.Slug));
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, XmlText(page.Title));
            xml.WriteEndElement();
            foreach (var incident in incidents)
            {
                xml.WriteStartElement("entry", Atom);
                xml.WriteElementString("id", Atom, $"urn:uuid:{incident.Id}");
                xml.WriteElementString("title", Atom, XmlText(incident.Title));
                xml.WriteElementString("published", Atom, Display.Machine(incident.CreatedAt));
                xml.WriteElementString("updated", Atom, Display.Machine(incident.UpdatedAt));
                Link(xml, "alternate", "text/html", $"{StatusPageRoutes.PagePath(page.Slug)}#incident-{incident.Id}");
                xml.WriteElementString("summary", Atom, $"{incident.Status} · {incident.Impact} impact");
                xml.WriteStartElement("content", Atom);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(XmlText(string.Join("\n\n", incident.Updates.Select(u => $"{Display.Time(u.CreatedAt)} · {u.Status}\n{u.Message}"))));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return output.ToArray();
    }

    /// <summary>User text without the control characters XML cannot hold (the writer would refuse the whole document).</summary>
    public static string XmlText(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean.Append(text[i]);
            }
        }

        return clean.ToString();
    }

    private static void Link(XmlWriter xml, string rel, string type, string href)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }
}
