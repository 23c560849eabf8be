namespace ApiFilter.Schema;

/// <summary>An <c>enum</c> or <c>const</c> value in canonical form (see <see cref="CanonicalJson"/>) with its hash.</summary>
internal readonly record struct SchemaValue(int Hash, byte[] Canonical, string Text);
