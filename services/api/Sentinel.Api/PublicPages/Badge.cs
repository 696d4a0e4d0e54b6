using System.Text;
using System.Xml;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// A flat badge in the style of shields.io: a grey label, a coloured message, both as text a screen reader gets
/// from the <c>&lt;title&gt;</c> and <c>aria-label</c>. Written with an XML writer, so any label is escaped and the
/// result is always well-formed SVG.
/// </summary>
public static class Badge
{
    public const string Green = "#2ea043";
    public const string LightGreen = "#6e9f18";
    public const string Yellow = "#b08800";
    public const string Red = "#cf222e";

    /// <summary>Orange, for degraded: apart from the uptime badges' yellow, white text still readable on it.</summary>
    public const string Amber = "#bc4c00";
    public const string Blue = "#0969da";
    public const string Grey = "#6e7781";

    private const string Svg = "http://www.w3.org/2000/svg";
    private const int Padding = 6;

    public static byte[] Write(string label, string message, string colour)
    {
        label = StatusPageFeed.XmlText(label);
        var labelWidth = TextWidth(label) + 2 * Padding;
        var messageWidth = TextWidth(message) + 2 * Padding;
        var width = labelWidth + messageWidth;
        var text = $"{label}: {message}";
        using var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true }))
        {
            xml.WriteStartElement("svg", Svg);
            Attributes(xml, ("width", width), ("height", 20), ("role", "img"), ("aria-label", text));
            xml.WriteElementString("title", Svg, text);
            xml.WriteStartElement("linearGradient", Svg);
            Attributes(xml, ("id", "s"), ("x2", "0"), ("y2", "100%"));
            Element(xml, "stop", ("offset", "0"), ("stop-color", "#bbb"), ("stop-opacity", ".1"));
            Element(xml, "stop", ("offset", "1"), ("stop-opacity", ".1"));
            xml.WriteEndElement();
            xml.WriteStartElement("clipPath", Svg);
            xml.WriteAttributeString("id", "r");
            Element(xml, "rect", ("width", width), ("height", 20), ("rx", 3), ("fill", "#fff"));
            xml.WriteEndElement();
            xml.WriteStartElement("g", Svg);
            xml.WriteAttributeString("clip-path", "url(#r)");
            Element(xml, "rect", ("width", labelWidth), ("height", 20), ("fill", "#555"));
            Element(xml, "rect", ("x", labelWidth), ("width", messageWidth), ("height", 20), ("fill", colour));
            Element(xml, "rect", ("width", width), ("height", 20), ("fill", "url(#s)"));
            xml.WriteEndElement();
            xml.WriteStartElement("g", Svg);
            Attributes(xml, ("fill", "#fff"), ("text-anchor", "middle"), ("font-family", "Verdana,Geneva,DejaVu Sans,sans-serif"), ("font-size", 11));
            Text(xml, labelWidth / 2.0, label);
            Text(xml, labelWidth + messageWidth / 2.0, message);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return output.ToArray();
    }

    /// <summary>An estimate of the text's width in Verdana 11 px, enough for the box to fit it.</summary>
    public static int TextWidth(string text) => (int)Math.Ceiling(text.Sum(c => c switch
    {
        'i' or 'l' or 'j' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or ' ' => 3.6,
        'f' or 't' or 'r' or '(' or ')' or '[' or ']' or '1' or 'I' => 5.0,
        'm' or 'w' or 'M' or 'W' or '%' => 10.5,
        >= 'A' and <= 'Z' => 7.6,
        _ => 6.9,
    }));

    private static void Text(XmlWriter xml, double x, string text)
    {
        // First a darker copy one pixel lower: the shadow that keeps white text readable on light colours.
        foreach (var shadow in new[] { true, false })
        {
            xml.WriteStartElement("text", Svg);
            Attributes(xml, ("x", x), ("y", shadow ? 15 : 14));
            if (shadow)
            {
                Attributes(xml, ("fill", "#010101"), ("fill-opacity", ".3"));
            }

            xml.WriteString(text);
            xml.WriteEndElement();
        }
    }

    private static void Element(XmlWriter xml, string name, params (string Name, object Value)[] attributes)
    {
        xml.WriteStartElement(name, Svg);
        Attributes(xml, attributes);
        xml.WriteEndElement();
    }

    private static void Attributes(XmlWriter xml, params (string Name, object Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            xml.WriteAttributeString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
