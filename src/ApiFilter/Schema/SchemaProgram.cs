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

        NameSlots = SchemaNameTable.Build(nodes, names);
        SmallNumbers = new JsonSmallDecimal[numbers.Length];
        for (int i = 0; i < numbers.Length; i++)
        {
            SmallNumbers[i] = JsonSmallDecimal.Parse(numbers[i]);
        }

        for (int i = 0; i < nodes.Length; i++)
        {
            ref SchemaNode n = ref nodes[i];
            if (n.Ref >= 0 || n.DynamicRef >= 0 || n.AllOfCount > 0 || n.AnyOfCount > 0 || n.OneOfCount > 0 || n.Not >= 0 || n.If >= 0
                || n.DependentSchemasCount > 0 || n.DiscriminatorTargetsCount > 0)
            {
                n.Flags |= SchemaNodeFlags.InPlace;
            }

            SetRequiredMask(ref n, names);
        }

        Redirect = BuildRedirect(nodes, dynamicAnchors.Length > 0);
        DetectionHints = SchemaDetectionHints.Build(nodes, lists, patterns);
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

    /// <summary><see cref="Numbers"/> parsed once as small decimals, where they are (see <see cref="JsonSmallDecimal"/>).</summary>
    internal JsonSmallDecimal[] SmallNumbers { get; }

    /// <summary>The slots of every node's property-name table (see <see cref="SchemaNameTable"/>).</summary>
    internal SchemaNameSlot[] NameSlots { get; }

    /// <summary>
    /// For each node, the node to evaluate in its place: itself, or for a schema that is nothing but a
    /// <c>$ref</c> the schema the reference chain ends at. Evaluating the target directly gives the
    /// same verdict, violations and annotations (a bare reference adds no keyword of its own) and
    /// spares an evaluation per value for the most common shape of OpenAPI schema.
    /// </summary>
    internal int[] Redirect { get; }

    /// <summary>Per node: the attack detection a string value that passes it needs (see <see cref="SchemaDetectionHints"/>).</summary>
    internal ushort[] DetectionHints { get; }

    /// <summary>
    /// Follows chains of bare references. Not done when the program has dynamic anchors: the dynamic
    /// scope of a <c>$dynamicRef</c> (2020-12 core section 8.2.3.2) counts every schema resource
    /// passed through, the bare reference's too. A <c>false</c> target is not jumped to either: its
    /// violation is named after the role it is reached in.
    /// </summary>
    private static int[] BuildRedirect(SchemaNode[] nodes, bool hasDynamicAnchors)
    {
        var redirect = new int[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            redirect[i] = i;
        }

        if (hasDynamicAnchors)
        {
            return redirect;
        }

        for (int i = 0; i < nodes.Length; i++)
        {
            int target = i;
            for (int steps = 0; steps < nodes.Length && IsBareRef(ref nodes[target]); steps++)
            {
                target = nodes[target].Ref;
            }

            if (target != i && !IsBareRef(ref nodes[target]) && (nodes[target].Flags & SchemaNodeFlags.False) == 0)
            {
                redirect[i] = target;
            }
        }

        return redirect;
    }

    private static void SetRequiredMask(ref SchemaNode n, SchemaName[] names)
    {
        if (n.NamesCount is 0 or > 64)
        {
            return;
        }

        ulong mask = 0;
        for (int k = 0; k < n.NamesCount; k++)
        {
            ref SchemaName name = ref names[n.NamesStart + k];
            if (name.DependentRequiredCount > 0 || (name.Required && (name.ReadOnly || name.WriteOnly)))
            {
                return;
            }

            if (name.Required)
            {
                mask |= 1UL << k;
            }
        }

        n.RequiredMask = mask;
        n.Flags |= SchemaNodeFlags.PlainRequired;
    }

    /// <summary>A node whose only keyword is <c>$ref</c>.</summary>
    private static bool IsBareRef(ref SchemaNode n)
    {
        if (n.Ref < 0)
        {
            return false;
        }

        SchemaNode probe = n;
        probe.Ref = -1;
        probe.Resource = 0;
        probe.Flags &= ~(SchemaNodeFlags.InPlace | SchemaNodeFlags.PlainRequired);
        probe.RequiredMask = 0;
        probe.NameTableStart = -1;
        probe.NameTableMask = 0;
        return probe.Equals(SchemaNode.Empty with { NameTableStart = -1 });
    }
}
