namespace ApiFilter.Schema;

/// <summary>
/// Compiled schemas: an immutable, flat program of int-indexed nodes that
/// <see cref="JsonSchemaValidator"/> runs over a token stream. Recursion is a node index pointing
/// back, never an unrolled copy. Built by <see cref="SchemaCompiler.Compile"/>; safe to share
/// between threads.
/// </summary>
public sealed class SchemaProgram
{
    internal SchemaProgram(
        SchemaDialect dialect,
        SchemaNode[] nodes,
        string[] locations,
        int[] entries,
        int[] lists,
        SchemaName[] names,
        byte[][] numbers,
        SchemaValue[] values,
        SchemaPattern[] patterns,
        string[] strings,
        SchemaDynamicAnchor[] dynamicAnchors)
    {
        Dialect = dialect;
        Nodes = nodes;
        Locations = locations;
        Entries = entries;
        Lists = lists;
        Names = names;
        Numbers = numbers;
        Values = values;
        Patterns = patterns;
        Strings = strings;
        DynamicAnchors = dynamicAnchors;
        StringBytes = new byte[strings.Length][];
        for (int i = 0; i < strings.Length; i++)
        {
            StringBytes[i] = System.Text.Encoding.UTF8.GetBytes(strings[i]);
        }
    }

    /// <summary>The dialect the schemas were written in.</summary>
    public SchemaDialect Dialect { get; }

    /// <summary>Number of entry points (the indices <see cref="SchemaCompiler.AddSchema(Uri, string)"/> returned).</summary>
    public int EntryCount => Entries.Length;

    /// <summary>Number of compiled schema locations.</summary>
    public int NodeCount => Nodes.Length;

    /// <summary>The schema location (document and JSON Pointer) of entry point <paramref name="entry"/>.</summary>
    public string EntryLocation(int entry) => Locations[Entries[entry]];

    internal SchemaNode[] Nodes { get; }

    /// <summary>Per node: where it is, as a JSON Pointer into its document (prefixed by the document for secondary documents).</summary>
    internal string[] Locations { get; }

    internal int[] Entries { get; }

    internal int[] Lists { get; }

    internal SchemaName[] Names { get; }

    internal byte[][] Numbers { get; }

    internal SchemaValue[] Values { get; }

    internal SchemaPattern[] Patterns { get; }

    internal string[] Strings { get; }

    /// <summary><see cref="Strings"/> in UTF-8, for comparison with values as they stream.</summary>
    internal byte[][] StringBytes { get; }

    internal SchemaDynamicAnchor[] DynamicAnchors { get; }
}
