namespace ApiFilter.Xml;

/// <summary>Outcome of one pure scanning primitive (see <see cref="XmlScanner"/>).</summary>
public enum XmlParseStatus : byte
{
    /// <summary>The construct was read completely; <c>consumed</c> covers it.</summary>
    Done,

    /// <summary>The span ended inside the construct; present it again with more bytes.</summary>
    NeedMoreData,

    /// <summary>The bytes break the grammar; <c>consumed</c> is the offset of the offending byte.</summary>
    Invalid,
}
