namespace ApiFilter.Detection;

/// <summary>What <see cref="SqlFragmentSignals"/> knows about a word of <see cref="SqlFragmentWords"/>.</summary>
[Flags]
internal enum SqlWordTraits : ushort
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>A database's own catalogue (schema, table or database name), read by reconnaissance.</summary>
    Catalog = 1 << 0,

    /// <summary>A system procedure or package that reaches the host, the file system or the network.</summary>
    Procedure = 1 << 1,

    /// <summary>A function only SQL has: a call of it is flagged at <see cref="DetectionSensitivity.Standard"/> when its arguments have SQL's shape.</summary>
    SqlOnlyFunction = 1 << 2,

    /// <summary>A function SQL shares with other languages or prose (<c>COUNT</c>, <c>LENGTH</c>, <c>IF</c>): a call is flagged from <see cref="DetectionSensitivity.Elevated"/>.</summary>
    CommonFunction = 1 << 3,

    /// <summary>A type a PostgreSQL cast (<c>::int</c>) names.</summary>
    CastType = 1 << 4,

    /// <summary>A SQL-only word flagged alone from <see cref="DetectionSensitivity.Elevated"/> (<c>NVARCHAR</c>).</summary>
    SqlOnlyWord = 1 << 5,

    /// <summary>AND, OR, XOR.</summary>
    Logic = 1 << 6,

    /// <summary>An infix word (<c>LIKE</c>, <c>IS</c>, <c>IN</c>, <c>COLLATE</c>, <c>DIV</c>, …).</summary>
    OperatorWord = 1 << 7,

    /// <summary>A word that starts a statement (<c>SELECT</c>, <c>DROP</c>, <c>EXEC</c>, …).</summary>
    Statement = 1 << 8,

    /// <summary>An object kind a DDL statement names (<c>TABLE</c>, <c>VIEW</c>, …).</summary>
    ObjectKind = 1 << 9,

    /// <summary>A clause word that continues a query (<c>UNION</c>, <c>FROM</c>, <c>WHERE</c>, <c>ORDER</c>, <c>HAVING</c>, <c>LIMIT</c>, …).</summary>
    Clause = 1 << 10,
}
