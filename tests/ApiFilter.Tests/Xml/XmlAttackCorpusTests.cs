using ApiFilter.Pipeline;
using ApiFilter.Xml;

namespace ApiFilter.Tests.Xml;

/// <summary>The defusedxml attack corpus with the outcomes decided in corpus/xml-attacks/DECISIONS.md.</summary>
public class XmlAttackCorpusTests
{
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["xmlbomb.xml"] = ViolationCodes.XmlDtd,
        ["xmlbomb2.xml"] = ViolationCodes.XmlDtd,
        ["quadratic.xml"] = ViolationCodes.XmlDtd,
        ["cyclic.xml"] = ViolationCodes.XmlDtd,
        ["external.xml"] = ViolationCodes.XmlDtd,
        ["external_file.xml"] = ViolationCodes.XmlDtd,
        ["dtd.xml"] = ViolationCodes.XmlDtd,
        ["dtd_element.xml"] = ViolationCodes.XmlDtd,
        ["simple.xml"] = "allow",
        ["simple-ns.xml"] = "allow",
        ["schema-include.xsd"] = "allow",
        ["xalan_exec.xsl"] = "allow",
        ["xalan_write.xsl"] = "allow",
    };

    internal static string CorpusDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "corpus", "xml-attacks")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "corpus", "xml-attacks");
    }

    public static TheoryData<string> Files() => new(Expected.Keys);

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_has_its_decided_outcome(string file)
    {
        var body = File.ReadAllBytes(Path.Combine(CorpusDirectory(), "defusedxml", file));
        var judgement = XmlTestDriver.Judge(body);
        string outcome = judgement.Allowed ? "allow" : judgement.Code!;
        Assert.True(Expected[file] == outcome, $"{file}: {judgement}");
        Assert.Equal(judgement, XmlTestDriver.JudgePipe(body, 4096));
        Assert.Equal(judgement, XmlTestDriver.JudgePipe(body, 7));
    }

    [Fact]
    public void Dtd_attacks_are_refused_at_the_doctype_keyword()
    {
        var body = File.ReadAllBytes(Path.Combine(CorpusDirectory(), "defusedxml", "quadratic.xml"));
        var guard = new XmlGuard(XmlThreatLimits.Default);
        Assert.Equal(GuardStatus.Refused, guard.Feed(new(body.AsMemory(0, 64)), false, out _));
        Assert.Equal(0, guard.Violation!.Offset);
        Assert.Equal("", guard.Violation.Pointer);
    }

    [Fact]
    public void Decisions_table_lists_every_file_with_the_tested_outcome()
    {
        string dir = CorpusDirectory();
        var onDisk = Directory.GetFiles(Path.Combine(dir, "defusedxml")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal).ToArray(), onDisk);

        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(Path.Combine(dir, "DECISIONS.md")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 4 && cells[1].Contains('.', StringComparison.Ordinal) && cells[1] != "File")
            {
                table[cells[1]] = cells[2];
            }
        }

        Assert.Equal(Expected.OrderBy(p => p.Key, StringComparer.Ordinal), table.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.True(File.Exists(Path.Combine(dir, "SOURCE.txt")));
    }
}
