using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Xml;

/// <summary>
/// Hand-written documents, one or more per well-formedness rule, with the expected code
/// (null: accepted). "¤XX" stands for the raw byte 0xXX (see <see cref="XmlTestDriver.Bytes"/>).
/// </summary>
internal static class XmlCases
{
    private const string Syntax = ViolationCodes.XmlSyntax;
    private const string Entity = ViolationCodes.XmlEntity;
    private const string Dtd = ViolationCodes.XmlDtd;
    private const string Encoding = ViolationCodes.XmlEncoding;

    /// <summary>The index of every case, for data-driven tests.</summary>
    public static TheoryData<int> Indexes()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < All.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    public static readonly (string Doc, string? Code)[] All =
    [
        // [1] document: exactly one root element, only Misc around it.
        ("<a/>", null),
        ("<a></a>", null),
        ("<a><b><c/></b></a>", null),
        ("\n<a/>\n\n", null),
        ("<!-- c --><a><!-- inner --></a><!-- after -->", null),
        ("<?pi data?><a><?pi2?></a><?pi3 more data ?>", null),
        ("", Syntax),
        ("   ", Syntax),
        ("<!-- only a comment -->", Syntax),
        ("<a/><b/>", Syntax),
        ("text<a/>", Syntax),
        ("<a/>text", Syntax),
        ("<a/>&amp;", Syntax),
        ("&#32;<a/>", Syntax),
        ("<![CDATA[x]]><a/>", Syntax),

        // [39]-[44] elements and tags; WFC: Element Type Match.
        ("<a></a >", null),
        ("<a  b = \"1\"  />", null),
        ("<a\n\tb=\"1\"\r\n/>", null),
        ("<a>", Syntax),
        ("<a><b></b>", Syntax),
        ("<a></b>", Syntax),
        ("<A></a>", Syntax),
        ("<a><b></a></b>", Syntax),
        ("</a>", Syntax),
        ("<a></a", Syntax),
        ("<a b=\"1\"></a c=\"1\">", Syntax),
        ("<a/ >", Syntax),
        ("<a b=\"1\"", Syntax),

        // [5] Name, [4] NameStartChar, [4a] NameChar (full Unicode ranges).
        ("<_a-b.c1/>", null),
        ("<é/>", null),
        ("<a·b/>", null),
        ("<日本 属性=\"値\">テキスト</日本>", null),
        ("<a\u0300/>", null),
        ("<Ω\u203F/>", null),
        ("<1a/>", Syntax),
        ("<-a/>", Syntax),
        ("<.a/>", Syntax),
        ("<a×/>", Syntax),
        ("<\u0300a/>", Syntax),
        ("< a/>", Syntax),
        ("<a\u037E/>", Syntax),

        // [41] Attribute, [10] AttValue, WFC: Unique Att Spec, WFC: No < in Attribute Values.
        ("<a b=\"1\" c='2'/>", null),
        ("<a b=\"'\"  c='\"'/>", null),
        ("<a b=\"x&#9;y&amp;&lt;&gt;\"/>", null),
        ("<a b=\"1\" b=\"2\"/>", Syntax),
        ("<a b=1/>", Syntax),
        ("<a b/>", Syntax),
        ("<a b=\"1\"c=\"2\"/>", Syntax),
        ("<a b=\"<\"/>", Syntax),
        ("<a b=\"&\"/>", Syntax),
        ("<a b=\"1'/>", Syntax),
        ("<a b=\"¤01\"/>", Syntax),

        // [2] Char and UTF-8.
        ("<a>\u00A0 text 😀 \u0085</a>", null),
        ("<a>\t\r\n</a>", null),
        ("<a>¤01</a>", Syntax),
        ("<a>¤1F</a>", Syntax),
        ("<a>¤FF</a>", Syntax),
        ("<a>¤C0¤80</a>", Syntax),
        ("<a>¤ED¤A0¤80</a>", Syntax),
        ("<a>¤EF¤BF¤BE</a>", Syntax),
        ("<a>¤EF¤BF¤BF</a>", Syntax),
        ("<a>¤E2¤82</a>", Syntax),
        ("<a>¤80</a>", Syntax),
        ("<a><!-- ¤0B --></a>", Syntax),

        // [66]-[68] references: five predefined entities and legal character references only.
        ("<a>&lt; &gt; &amp; &apos; &quot; &#65; &#x41; &#x10FFFF; &#xD; &#xe9;</a>", null),
        ("<a>&unknown;</a>", Entity),
        ("<a b=\"&foo;\"/>", Entity),
        ("<a>&nbsp;</a>", Entity),
        ("<a>&#0;</a>", Syntax),
        ("<a>&#xD800;</a>", Syntax),
        ("<a>&#xFFFE;</a>", Syntax),
        ("<a>&#x110000;</a>", Syntax),
        ("<a>&#1;</a>", Syntax),
        ("<a>&#;</a>", Syntax),
        ("<a>&#x;</a>", Syntax),
        ("<a>&#12a;</a>", Syntax),
        ("<a>&#X41;</a>", Syntax),
        ("<a>&amp</a>", Syntax),
        ("<a>& b</a>", Syntax),
        ("<a>&</a>", Syntax),

        // [14] CharData: no "]]>".
        ("<a>]</a>", null),
        ("<a>]]</a>", null),
        ("<a>]]&gt;</a>", null),
        ("<a>></a>", null),
        ("<a>]]></a>", Syntax),
        ("<a>x]]>y</a>", Syntax),

        // [15] Comment.
        ("<a><!----></a>", null),
        ("<a><!-- - --></a>", null),
        ("<a><!-- a -- b --></a>", Syntax),
        ("<a><!-- a ---></a>", Syntax),
        ("<a><!- x --></a>", Syntax),
        ("<a><!-- open</a>", Syntax),

        // [18]-[21] CDATA sections.
        ("<a><![CDATA[<not a tag> & ]] ]>]]></a>", null),
        ("<a><![CDATA[]]></a>", null),
        ("<a><![CDATA[x</a>", Syntax),
        ("<a><![cdata[x]]></a>", Syntax),

        // [16], [17] processing instructions.
        ("<?xml-stylesheet href=\"s.xsl\"?><a/>", null),
        ("<a><?pi   spaced ?></a>", null),
        ("<a><?1pi?></a>", Syntax),
        ("<a><?p:i x?></a>", Syntax),
        ("<a><?pi?x?></a>", Syntax),
        ("<a><?xml foo?></a>", Syntax),
        ("<a><?XmL foo?></a>", Syntax),
        ("<a><?pi open</a>", Syntax),

        // [23]-[32], [80], [81] XML declaration.
        ("<?xml version=\"1.0\"?><a/>", null),
        ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><a/>", null),
        ("<?xml version='1.0' encoding='utf-8' standalone='no' ?><a/>", null),
        ("¤EF¤BB¤BF<?xml version=\"1.0\"?><a/>", null),
        ("¤EF¤BB¤BF<a/>", null),
        ("<?xml version=\"1.1\"?><a/>", null),
        (" <?xml version=\"1.0\"?><a/>", Syntax),
        ("<a/><?xml version=\"1.0\"?>", Syntax),
        ("<?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>", Syntax),
        ("<?XML version=\"1.0\"?><a/>", Syntax),
        ("<?xml version=\"2.0\"?><a/>", Syntax),
        ("<?xml version=\"1.\"?><a/>", Syntax),
        ("<?xml encoding=\"UTF-8\"?><a/>", Syntax),
        ("<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", Syntax),
        ("<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>", Syntax),
        ("<?xml version=\"1.0\"encoding=\"UTF-8\"?><a/>", Syntax),
        ("<?xml version=\"1.0\" encoding=\"8bit\"?><a/>", Syntax),
        ("<?xml version=\"1.0\" foo=\"bar\"?><a/>", Syntax),
        ("<?xml version=\"1.0\"?>", Syntax),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", Encoding),
        ("<?xml version=\"1.0\" encoding=\"US-ASCII\"?><a/>", Encoding),
        ("¤FF¤FE<¤00a¤00/¤00>¤00", Encoding),
        ("¤FE¤FF¤00<¤00a¤00/¤00>", Encoding),
        ("<¤00a¤00/¤00>¤00", Encoding),

        // Namespaces in XML 1.0.
        ("<p:a xmlns:p=\"urn:p\"><p:b p:c=\"1\"/></p:a>", null),
        ("<a xmlns=\"urn:d\"><b xmlns=\"\"/></a>", null),
        ("<a xml:lang=\"en\" xml:space=\"preserve\"/>", null),
        ("<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>", null),
        ("<a xmlns:p=\"urn:1\" xmlns:q=\"urn:2\" p:x=\"1\" q:x=\"2\"/>", null),
        ("<a xmlns:p=\"urn:1\" p:x=\"1\" x=\"2\"/>", null),
        ("<p:a xmlns:p=\"urn:1\"><p:a xmlns:p=\"urn:2\"/></p:a>", null),
        ("<a:b:c/>", Syntax),
        ("<:a/>", Syntax),
        ("<a:/>", Syntax),
        ("<p:a/>", Syntax),
        ("<a p:b=\"1\"/>", Syntax),
        ("<a xmlns:p=\"\"/>", Syntax),
        ("<a xmlns:xmlns=\"urn:x\"/>", Syntax),
        ("<a xmlns:xml=\"urn:x\"/>", Syntax),
        ("<a xmlns:p=\"http://www.w3.org/XML/1998/namespace\"/>", Syntax),
        ("<a xmlns=\"http://www.w3.org/2000/xmlns/\"/>", Syntax),
        ("<xmlns:a/>", Syntax),
        ("<a><p:b xmlns:p=\"u\"/><p:c/></a>", Syntax),
        ("<a xmlns:p=\"u\" xmlns:q=\"u\" p:x=\"1\" q:x=\"2\"/>", Syntax),
        ("<a xmlns:p=\"u\" xmlns:p=\"v\"/>", Syntax),
        ("<a xmlns:p=\"u\" p:b=\"1\" p:b=\"2\"/>", Syntax),

        // DTDs and markup declarations.
        ("<!DOCTYPE a><a/>", Dtd),
        ("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", Dtd),
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"http://example.invalid/a.dtd\"><a/>", Dtd),
        ("<a><!DOCTYPE a></a>", Dtd),
        ("<a><!ELEMENT x></a>", Syntax),
        ("<!ENTITY x \"y\"><a/>", Syntax),
    ];
}
