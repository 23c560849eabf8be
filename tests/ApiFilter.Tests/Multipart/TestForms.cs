using ApiFilter.Json;
using ApiFilter.Multipart;

namespace ApiFilter.Tests.Multipart;

/// <summary>The forms and limits the multipart tests judge against.</summary>
internal static class TestForms
{
    /// <summary>A profile form: every kind of field, with tight limits so that tests stay small.</summary>
    public static MultipartFormDescription Profile { get; } = new(
    [
        new MultipartField("title", MultipartFieldKind.Text) { Required = true },
        new MultipartField("count", MultipartFieldKind.Text) { ValueTypes = MultipartValueTypes.Integer },
        new MultipartField("flag", MultipartFieldKind.Text) { ValueTypes = MultipartValueTypes.Boolean | MultipartValueTypes.String },
        new MultipartField("tags", MultipartFieldKind.Text) { Repeated = true },
        new MultipartField("meta", MultipartFieldKind.Json),
        new MultipartField("avatar", MultipartFieldKind.Binary) { ContentTypes = ["image/png, image/jpeg"], MaxBytes = 100 },
    ]);

    public static MultipartLimits Small { get; } = new()
    {
        MaxBodyBytes = 2048,
        MaxParts = 6,
        MaxPartHeaderBytes = 200,
        MaxFieldBytes = 40,
        MaxFileBytes = 100,
    };

    public static JsonThreatLimits Json { get; } = JsonThreatLimits.Default with { MaxDepth = 3 };

    public static MultipartGuard ProfileGuard() => new(Small, Profile, Json);

    public static MultipartGuard OpenGuard(MultipartLimits? limits = null) =>
        new(limits ?? MultipartLimits.Default, MultipartFormDescription.Open, JsonThreatLimits.Default);
}
