namespace ApiFilter.Xml;

/// <summary>What <see cref="XmlScanner.Read"/> produced.</summary>
public enum XmlScanStatus : byte
{
    /// <summary>A complete token is available (see <see cref="XmlScanner.TokenType"/>).</summary>
    Token,

    /// <summary>The data ends inside a token; present the unconsumed bytes again with more data.</summary>
    NeedMoreData,

    /// <summary>The final block was read to its end.</summary>
    EndOfInput,

    /// <summary>The bytes are not acceptable; see <see cref="XmlScanner.Error"/>. Stop scanning.</summary>
    Error,
}
