namespace ApiFilter.Detection;

/// <summary>What <see cref="ValueNormalizer"/> found and undid in a value.</summary>
[Flags]
public enum NormalizationFlags
{
    /// <summary>The value needed no decoding.</summary>
    None = 0,

    /// <summary><c>%XX</c> or <c>%uXXXX</c> escapes were decoded.</summary>
    PercentEncoded = 1 << 0,

    /// <summary>Percent-escapes remained after the first layer was decoded (<c>%2527</c>): double encoding, which ordinary clients never send.</summary>
    MultiplyEncoded = 1 << 1,

    /// <summary>HTML character references (named, <c>&amp;#ddd;</c>, <c>&amp;#xhh;</c>) were decoded.</summary>
    HtmlEntities = 1 << 2,

    /// <summary><c>\uXXXX</c> or <c>\xXX</c> escapes were decoded.</summary>
    BackslashEscapes = 1 << 3,

    /// <summary>NUL bytes were removed.</summary>
    NulBytes = 1 << 4,

    /// <summary>Overlong UTF-8 sequences (e.g. <c>C0 A7</c> for <c>'</c>) were replaced by the ASCII byte they encode.</summary>
    OverlongUtf8 = 1 << 5,

    /// <summary>Fullwidth ASCII forms (U+FF01–U+FF5E) were folded to ASCII, as some servers' best-fit mapping does.</summary>
    FullwidthForms = 1 << 6,

    /// <summary>Decoding was still changing the value when the layer limit (<see cref="ValueNormalizer.MaxLayers"/>) was reached.</summary>
    LayerLimitReached = 1 << 7,
}
