using System.Globalization;
using System.Xml.Linq;
using ProbLatent.Plotting;

namespace ProbLatent.Tests.Plotting;

/// <summary>Reads a rendered chart back as XML, the way a browser would have to: any malformed output fails here.</summary>
static class SvgAssert
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the drawing's text, checks the root, and returns it.</summary>
    public static XElement Parse(SvgDocument document) => Parse(document.ToString());

    public static XElement Parse(string text)
    {
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text);
        var root = XDocument.Parse(text).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        return root;
    }

    /// <summary>Parses a chart written to a file, as <see cref="Parse(string)"/> does.</summary>
    public static XElement ParseFile(string path) => Parse(File.ReadAllText(path));

    public static IEnumerable<XElement> All(XElement root, string name) => root.Descendants(Svg + name);

    /// <summary>Every piece of text drawn, in order.</summary>
    public static IReadOnlyList<string> Texts(XElement root) => All(root, "text").Select(t => t.Value).ToArray();

    public static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
}
