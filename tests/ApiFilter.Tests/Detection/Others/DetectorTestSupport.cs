using System.Text;

namespace ApiFilter.Tests.Detection.Others;

/// <summary>Shared utilities for the detector tests: UTF-8 conversion and allocation measurement.</summary>
internal static class DetectorTestSupport
{
    /// <summary>Delegate over a span, since spans cannot be captured by Func.</summary>
    public delegate ApiFilter.Detection.DetectionResult SpanDetector(ReadOnlySpan<byte> value);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static TheoryData<string> Data(params string[] values)
    {
        var data = new TheoryData<string>();
        foreach (string v in values)
        {
            data.Add(v);
        }

        return data;
    }

    /// <summary>Bytes allocated on this thread by running <paramref name="detector"/> over every value 10 times, after a warm-up.</summary>
    public static long AllocatedBytes(SpanDetector detector, IEnumerable<string> values)
    {
        byte[][] inputs = values.Select(Utf8).ToArray();
        foreach (byte[] input in inputs)
        {
            detector(input);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 10; round++)
        {
            foreach (byte[] input in inputs)
            {
                detector(input);
            }
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <summary>A value made of <paramref name="unit"/> repeated until it is at least <paramref name="bytes"/> long.</summary>
    public static byte[] Repeat(string unit, int bytes)
    {
        byte[] u = Utf8(unit);
        byte[] result = new byte[(bytes + u.Length - 1) / u.Length * u.Length];
        for (int i = 0; i < result.Length; i += u.Length)
        {
            u.CopyTo(result, i);
        }

        return result;
    }
}
