using System.Text;
using System.Xml;
using System.Xml.Linq;
using ProbLatent.Files;

namespace ProbLatent.Plotting;

/// <summary>
/// An SVG drawing: a white canvas of a given size in pixels, elements added in drawing order (<see cref="Svg"/> makes
/// them), and the finished text — UTF-8, indented, the same bytes for the same drawing on every machine, since every
/// number is written in the invariant culture and nothing random or time-dependent goes in.
/// </summary>
/// <remarks>A browser shows the file as it is; no viewer or font beyond the browser's sans-serif is needed.</remarks>
public sealed class SvgDocument
{
    readonly XElement _root;

    /// <param name="width">Width in pixels, positive.</param>
    /// <param name="height">Height in pixels, positive.</param>
    /// <param name="title">What the drawing shows, for screen readers and the browser's tab (the visible title is drawn by the chart).</param>
    public SvgDocument(double width, double height, string title)
    {
        if (!(width > 0) || !(height > 0) || double.IsInfinity(width) || double.IsInfinity(height))
            throw new ArgumentException($"an SVG drawing needs a positive finite size, got {width}×{height}");
        ArgumentNullException.ThrowIfNull(title);
        Width = width;
        Height = height;
        _root = new XElement(Svg.Namespace + "svg",
            new XAttribute("width", Svg.Number(width)),
            new XAttribute("height", Svg.Number(height)),
            new XAttribute("viewBox", $"0 0 {Svg.Number(width)} {Svg.Number(height)}"),
            new XAttribute("font-family", ChartStyle.FontFamily),
            new XElement(Svg.Namespace + "title", Svg.Clean(title)),
            Svg.Rect(0, 0, width, height, fill: "white"));
    }

    public double Width { get; }
    public double Height { get; }

    /// <summary>Adds an element (or several) on top of what is drawn already.</summary>
    public void Add(params XElement[] elements) => _root.Add(elements);

    /// <summary>The SVG text, starting with the XML declaration.</summary>
    public override string ToString()
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = " ",
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using var text = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(text, settings))
            new XDocument(new XDeclaration("1.0", "utf-8", null), _root).Save(writer);
        return text.ToString() + "\n";
    }

    /// <summary>Writes the drawing to a file atomically: a temporary file in the same folder, then moved into place.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToString());

    /// <summary>A string writer that declares UTF-8, so the XML declaration says what the file is.</summary>
    sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(System.Globalization.CultureInfo.InvariantCulture) { }
        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
