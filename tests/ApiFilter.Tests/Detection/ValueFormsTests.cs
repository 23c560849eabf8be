using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection;

/// <summary>
/// A value is decoded once for all the detectors that read it (<see cref="ValueForms"/>), and each
/// detector judges the shared decoded form exactly as it judges a value on its own.
/// </summary>
public sealed class ValueFormsTests
{
    private static readonly string[] Values =
    [
        "O'Brien", "100% cotton & wool", "a%20b", "%27%20OR%20%271%27%3D%271", "%2527%2520or%25201%3D1--", "..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%5c%2e%2e%5cwindows", "x%00.jpg", "abc%0d%0aSet-Cookie:%20a=b", "%3B%20cat%20%2Fetc%2Fpasswd", "%7B%22%24ne%22%3A1%7D",
        "&#39; or 1=1--", "\\u0027 union select 1,2--", "%C0%AE%C0%AE%2F", "plain text, nothing encoded", "a+b+c", new string('%', 700) + "27 OR 1=1",
    ];

    [Fact]
    public void The_decoded_form_is_made_once_and_then_shared()
    {
        var value = "%27%20OR%20%271%27%3D%271"u8;
        var forms = new ValueForms(value, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            long work = 0;
            Assert.True(forms.TryDecoded(ref work, out var first, out var flags));
            Assert.Equal("' OR '1'='1", Encoding.UTF8.GetString(first));
            Assert.NotEqual(NormalizationFlags.None, flags);
            long afterFirst = work;
            Assert.True(afterFirst > 0);
            Assert.True(forms.TryDecoded(ref work, out var second, out _));
            Assert.Equal(afterFirst, work); // no second decoding
            Assert.True(first == second);
        }
        finally
        {
            forms.Dispose();
        }
    }

    [Fact]
    public void A_value_without_encodings_has_no_decoded_form()
    {
        var forms = new ValueForms("plain words"u8, stackalloc byte[DecodedValue.StackLimit]);
        long work = 0;
        Assert.False(forms.TryDecoded(ref work, out _, out _));
        forms.Dispose();
    }

    [Fact]
    public void Every_detector_judges_the_shared_form_as_it_judges_the_value_alone()
    {
        Span<byte> stack = stackalloc byte[DecodedValue.StackLimit];
        foreach (var text in Values)
        {
            var value = Encoding.UTF8.GetBytes(text);
            var forms = new ValueForms(value, stack);
            try
            {
                long work = 0;
                // the order of the detection sink: each later detector reads what the first decoded
                Assert.Equal(HeaderInjectionDetector.Detect(value), HeaderInjectionDetector.Detect(ref forms, ref work));
                Assert.Equal(SqlInjectionDetector.Detect(value, DetectionSensitivity.Standard), SqlInjectionDetector.Detect(ref forms, DetectionSensitivity.Standard, ref work));
                Assert.Equal(NoSqlInjectionDetector.DetectValue(value), NoSqlInjectionDetector.DetectValue(ref forms, ref work));
                Assert.Equal(CommandInjectionDetector.Detect(value), CommandInjectionDetector.Detect(ref forms, ref work));
                Assert.Equal(PathTraversalDetector.Detect(value), PathTraversalDetector.Detect(ref forms, PathTraversalMode.FreeText, ref work));
            }
            finally
            {
                forms.Dispose();
            }
        }
    }
}
