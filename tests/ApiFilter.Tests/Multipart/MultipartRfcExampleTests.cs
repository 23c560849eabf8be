using ApiFilter.Json;
using ApiFilter.Multipart;
using ApiFilter.Pipeline;
using static ApiFilter.Tests.Multipart.MultipartRun;

namespace ApiFilter.Tests.Multipart;

/// <summary>The example bodies of RFC 7578 section 4 and of its predecessor RFC 2388 / HTML 4.01 section 17.13.4.</summary>
public sealed class MultipartRfcExampleTests
{
    private static readonly MultipartFormDescription Upload = new(
    [
        new MultipartField("submit-name", MultipartFieldKind.Text),
        new MultipartField("files", MultipartFieldKind.Binary) { Repeated = true, ContentTypes = ["text/plain", "image/gif"] },
    ]);

    [Fact]
    public void RFC2388_HTML401_text_field_and_one_file()
    {
        byte[] body = Lines(
            "--AaB03x",
            "Content-Disposition: form-data; name=\"submit-name\"",
            "",
            "Larry",
            "--AaB03x",
            "Content-Disposition: form-data; name=\"files\"; filename=\"file1.txt\"",
            "Content-Type: text/plain",
            "",
            "... contents of file1.txt ...",
            "--AaB03x--");
        MultipartOutcome outcome = AssertSameAtEverySplit(new MultipartGuard(MultipartLimits.Default, Upload, JsonThreatLimits.Default), body);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"submit-name":"Larry","files":[""]}""", outcome.Emitted);
    }

    [Fact]
    public void RFC7578_section_4_3_several_files_as_parts_of_one_name()
    {
        byte[] body = Lines(
            "--AaB03x",
            "Content-Disposition: form-data; name=\"submit-name\"",
            "",
            "Larry",
            "--AaB03x",
            "Content-Disposition: form-data; name=\"files\"; filename=\"file1.txt\"",
            "Content-Type: text/plain",
            "",
            "... contents of file1.txt ...",
            "--AaB03x",
            "Content-Disposition: form-data; name=\"files\"; filename=\"file2.gif\"",
            "Content-Type: image/gif",
            "",
            "...contents of file2.gif...",
            "--AaB03x--");
        MultipartOutcome outcome = AssertSameAtEverySplit(new MultipartGuard(MultipartLimits.Default, Upload, JsonThreatLimits.Default), body);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"submit-name":"Larry","files":["",""]}""", outcome.Emitted);
    }

    [Fact]
    public void RFC2388_nested_multipart_mixed_is_opaque_content_or_refused_by_type()
    {
        // RFC 2388 §4 / HTML 4.01 sent several files as one multipart/mixed part; RFC 7578 §4.3
        // deprecates it. The inner boundary is content to the outer body.
        byte[] body = Lines(
            "--AaB03x",
            "Content-Disposition: form-data; name=\"submit-name\"",
            "",
            "Larry",
            "--AaB03x",
            "Content-Disposition: form-data; name=\"files\"",
            "Content-Type: multipart/mixed; boundary=BbC04y",
            "",
            "--BbC04y",
            "Content-Disposition: file; filename=\"file1.txt\"",
            "Content-Type: text/plain",
            "",
            "... contents of file1.txt ...",
            "--BbC04y",
            "Content-Disposition: file; filename=\"file2.gif\"",
            "Content-Type: image/gif",
            "Content-Transfer-Encoding: binary",
            "",
            "...contents of file2.gif...",
            "--BbC04y--",
            "--AaB03x--");
        MultipartOutcome open = AssertSameAtEverySplit(TestForms.OpenGuard(), body);
        Assert.Equal(GuardStatus.Allowed, open.Status);
        Assert.Equal("""{"submit-name":"Larry","files":""}""", open.Emitted);

        MultipartOutcome declared = AssertSameAtEverySplit(new MultipartGuard(MultipartLimits.Default, Upload, JsonThreatLimits.Default), body);
        Assert.Equal(ViolationCodes.MultipartPartMediaType, declared.Code);
        Assert.Equal("/files", declared.Pointer);
    }

    [Fact]
    public void RFC7578_section_4_4_example_with_quoted_printable_is_refused()
    {
        // RFC 7578 §4.7: senders must not use Content-Transfer-Encoding; the §4.4 example shows the
        // old practice. Judging quoted-printable bytes would judge something other than the value.
        byte[] body = Lines(
            "--AaB03x",
            "content-disposition: form-data; name=\"field1\"",
            "content-type: text/plain;charset=UTF-8",
            "content-transfer-encoding: quoted-printable",
            "",
            "Joe owes =E2=82=AC100.",
            "--AaB03x--");
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.OpenGuard(), body);
        Assert.Equal(ViolationCodes.MultipartSyntax, outcome.Code);
        Assert.Contains("Content-Transfer-Encoding", outcome.Violation!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RFC7578_section_4_4_example_in_8bit_is_allowed()
    {
        byte[] body = Lines(
            "--AaB03x",
            "content-disposition: form-data; name=\"field1\"",
            "content-type: text/plain;charset=UTF-8",
            "content-transfer-encoding: 8bit",
            "",
            "Joe owes \u20ac100.",
            "--AaB03x--");
        MultipartOutcome outcome = AssertSameAtEverySplit(TestForms.OpenGuard(), body);
        Assert.Equal(GuardStatus.Allowed, outcome.Status);
        Assert.Equal("""{"field1":"Joe owes €100."}""", outcome.Emitted);
    }
}
