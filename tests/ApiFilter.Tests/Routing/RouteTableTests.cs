using ApiFilter.Routing;

namespace ApiFilter.Tests.Routing;

public class RouteTableTests
{
    private static RouteTable Table(params (string Method, string Template)[] routes)
    {
        var builder = new RouteTableBuilder();
        for (int i = 0; i < routes.Length; i++)
        {
            builder.Add(routes[i].Method, routes[i].Template, i);
        }

        return builder.Build();
    }

    /// <summary>Matches and returns the status, operation and the decoded-as-raw captured texts.</summary>
    private static (RouteMatchStatus Status, int Operation, string[] Captures, string? Allow) Run(RouteTable table, string method, string path)
    {
        var captures = new PathCapture[Math.Max(1, table.MaxCaptures)];
        RouteMatch match = table.Match(method, path, captures);
        var texts = new string[match.CaptureCount];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = captures[i].Slice(path).ToString();
        }

        return (match.Status, match.OperationIndex, texts, match.Allow);
    }

    [Fact]
    public void Literal_segment_wins_over_a_parameter_whatever_the_declaration_order()
    {
        var table = Table(("get", "/users/{id}"), ("get", "/users/me"));
        Assert.Equal(1, Run(table, "GET", "/users/me").Operation);
        var other = Run(table, "GET", "/users/42");
        Assert.Equal(0, other.Operation);
        Assert.Equal(["42"], other.Captures);
    }

    [Fact]
    public void A_less_specific_branch_is_tried_when_the_literal_branch_has_no_such_operation()
    {
        var table = Table(("get", "/users/me/profile"), ("get", "/users/{id}/posts"), ("delete", "/users/{id}"), ("get", "/users/me"));
        var posts = Run(table, "GET", "/users/me/posts");
        Assert.Equal(RouteMatchStatus.Matched, posts.Status);
        Assert.Equal(1, posts.Operation);
        Assert.Equal(["me"], posts.Captures);
        Assert.Equal(2, Run(table, "DELETE", "/users/me").Operation);
    }

    [Fact]
    public void Mixed_segments_capture_each_parameter()
    {
        var table = Table(("get", "/files/{name}.{ext}"), ("get", "/api/v{version}/items"), ("get", "/files/{name}"));
        var file = Run(table, "GET", "/files/report.pdf");
        Assert.Equal(0, file.Operation);
        Assert.Equal(["report", "pdf"], file.Captures);

        // The last '.' separates the extension.
        Assert.Equal(["archive.tar", "gz"], Run(table, "GET", "/files/archive.tar.gz").Captures);

        var version = Run(table, "GET", "/api/v2/items");
        Assert.Equal(1, version.Operation);
        Assert.Equal(["2"], version.Captures);

        // Neither parameter of {name}.{ext} may be empty: these fall through to /files/{name}.
        Assert.Equal(2, Run(table, "GET", "/files/.pdf").Operation);
        Assert.Equal(2, Run(table, "GET", "/files/report.").Operation);
        Assert.Equal(2, Run(table, "GET", "/files/report").Operation);

        // v{version} needs a non-empty version.
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/api/v/items").Status);
    }

    [Fact]
    public void Mixed_segment_captures_are_raw_ranges_when_the_literal_was_encoded()
    {
        var table = Table(("get", "/files/{name}.{ext}"));
        var file = Run(table, "GET", "/files/a%20b%2Ec");
        Assert.Equal(RouteMatchStatus.Matched, file.Status);
        Assert.Equal(["a%20b", "c"], file.Captures);
    }

    [Fact]
    public void A_parameter_never_matches_an_empty_segment_nor_spans_a_slash()
    {
        var table = Table(("get", "/users/{id}"), ("get", "/users/{id}/posts"));
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/users/").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/users/a/b").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/users//posts").Status);
    }

    [Fact]
    public void Encoded_slash_stays_inside_its_segment()
    {
        var table = Table(("get", "/files/{path}"), ("get", "/files/{dir}/{name}"));
        var one = Run(table, "GET", "/files/a%2Fb");
        Assert.Equal(0, one.Operation);
        Assert.Equal(["a%2Fb"], one.Captures);
        Assert.Equal(1, Run(table, "GET", "/files/a/b").Operation);
    }

    [Fact]
    public void Decoding_happens_once()
    {
        var table = Table(("get", "/a/%2F"), ("get", "/b/me"));

        // %252F decodes to the text "%2F", not to "/"; the literal "%2F" in the template decodes to "/".
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/a/%252F").Status);
        Assert.Equal(0, Run(table, "GET", "/a/%2F").Operation);
        Assert.Equal(0, Run(table, "GET", "/a/%2f").Operation);

        // An escaped unreserved character equals the character (RFC 3986 section 2.3).
        Assert.Equal(1, Run(table, "GET", "/b/m%65").Operation);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/b/m%2565").Status);
    }

    [Theory]
    [InlineData("/users/%")]
    [InlineData("/users/%4")]
    [InlineData("/users/%zz")]
    [InlineData("/users/%C3")]
    [InlineData("/users/%C3%28")]
    [InlineData("/users/%C0%AF")]
    [InlineData("/users/%ED%A0%80")]
    [InlineData("/users/%FF")]
    public void Malformed_escapes_and_non_utf8_are_unknown(string path)
    {
        var table = Table(("get", "/users/{id}"));
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", path).Status);
    }

    [Fact]
    public void Utf8_escapes_decode_to_the_literal()
    {
        var table = Table(("get", "/caf\u00e9"), ("get", "/\U0001F600/{x}"));
        Assert.Equal(0, Run(table, "GET", "/caf%C3%A9").Operation);
        var emoji = Run(table, "GET", "/%F0%9F%98%80/%F0%9F%98%80");
        Assert.Equal(1, emoji.Operation);
        Assert.Equal(["%F0%9F%98%80"], emoji.Captures);
    }

    [Theory]
    [InlineData("/users/./me")]
    [InlineData("/users/../admin")]
    [InlineData("/users/..")]
    [InlineData("/users/%2e%2e")]
    [InlineData("/users/%2E")]
    [InlineData("/users/.%2e")]
    [InlineData("/users//me")]
    [InlineData("//users/me")]
    [InlineData("users/me")]
    [InlineData("")]
    public void Dot_and_empty_segments_are_unknown(string path)
    {
        var table = Table(("get", "/users/{id}"), ("get", "/users/me"), ("get", "/admin"), ("get", "/users/{id}/me"));
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", path).Status);
    }

    [Fact]
    public void Segments_that_only_contain_dots_among_other_characters_are_data()
    {
        var table = Table(("get", "/users/{id}"));
        Assert.Equal(["..."], Run(table, "GET", "/users/...").Captures);
        Assert.Equal(["a..b"], Run(table, "GET", "/users/a..b").Captures);
    }

    [Fact]
    public void Paths_are_case_sensitive_and_a_trailing_slash_is_another_path()
    {
        var table = Table(("get", "/Users"), ("get", "/items/"));
        Assert.Equal(RouteMatchStatus.Matched, Run(table, "GET", "/Users").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/users").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/Users/").Status);
        Assert.Equal(RouteMatchStatus.Matched, Run(table, "GET", "/items/").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/items").Status);
    }

    [Fact]
    public void Root_path()
    {
        var table = Table(("get", "/"));
        Assert.Equal(RouteMatchStatus.Matched, Run(table, "GET", "/").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "//").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/x").Status);
    }

    [Fact]
    public void Undeclared_method_is_405_with_the_declared_methods_in_allow()
    {
        var table = Table(("post", "/pets"), ("get", "/pets"), ("delete", "/pets/{id}"), ("put", "/pets/{id}"));
        var refused = Run(table, "PATCH", "/pets");
        Assert.Equal(RouteMatchStatus.MethodNotAllowed, refused.Status);
        Assert.Equal("GET, POST", refused.Allow);
        Assert.Equal("DELETE, PUT", Run(table, "GET", "/pets/7").Allow);

        // Methods are case-sensitive (RFC 9110 section 9.1): "get" is not GET.
        Assert.Equal(RouteMatchStatus.MethodNotAllowed, Run(table, "get", "/pets").Status);

        // HEAD is matched only where declared.
        Assert.Equal(RouteMatchStatus.MethodNotAllowed, Run(table, "HEAD", "/pets").Status);
        Assert.Null(Run(table, "GET", "/pets").Allow);
    }

    [Fact]
    public void Allow_is_the_union_when_several_templates_match_the_path()
    {
        var table = Table(("get", "/users/me"), ("delete", "/users/{id}"), ("put", "/users/{id}"));
        Assert.Equal("DELETE, GET, PUT", Run(table, "POST", "/users/me").Allow);
        Assert.Equal("DELETE, PUT", Run(table, "POST", "/users/7").Allow);
    }

    [Fact]
    public void Declared_head_matches()
    {
        var table = Table(("get", "/pets"), ("head", "/pets"));
        Assert.Equal(1, Run(table, "HEAD", "/pets").Operation);
    }

    [Fact]
    public void Base_paths_prefix_every_template()
    {
        var table = new RouteTableBuilder()
            .AddBasePath(RouteTableBuilder.BasePathOf("https://api.example.com/v1/"))
            .AddBasePath(RouteTableBuilder.BasePathOf("https://staging.example.com/api/v1"));
        table.Add("get", "/pets/{id}", 0);
        table.Add("get", "/", 1);
        RouteTable built = table.Build();
        Assert.Equal(["7"], Run(built, "GET", "/v1/pets/7").Captures);
        Assert.Equal(["7"], Run(built, "GET", "/api/v1/pets/7").Captures);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(built, "GET", "/pets/7").Status);
        Assert.Equal(1, Run(built, "GET", "/v1/").Operation);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(built, "GET", "/v1").Status);
    }

    [Fact]
    public void Empty_base_path_and_server_variables()
    {
        var builder = new RouteTableBuilder().AddBasePath("").AddBasePath("/{tenant}/api");
        builder.Add("get", "/pets/{id}", 0);
        RouteTable table = builder.Build();
        Assert.Equal(["7"], Run(table, "GET", "/pets/7").Captures);

        // The server variable segment matches but is not a captured operation parameter.
        var tenant = Run(table, "GET", "/acme/api/pets/8");
        Assert.Equal(RouteMatchStatus.Matched, tenant.Status);
        Assert.Equal(["8"], tenant.Captures);
        Assert.Equal(["id"], table.Routes[tenant.Operation].ParameterNames);
    }

    [Theory]
    [InlineData("https://api.example.com", "")]
    [InlineData("https://api.example.com/", "")]
    [InlineData("https://api.example.com/v1?x=1", "/v1")]
    [InlineData("//api.example.com/v2", "/v2")]
    [InlineData("/v3/", "/v3")]
    [InlineData("v4", "/v4")]
    [InlineData("https://{region}.example.com/{basePath}", "/{basePath}")]
    public void Base_path_of_server_urls(string url, string expected) =>
        Assert.Equal(expected, RouteTableBuilder.BasePathOf(url));

    [Theory]
    [InlineData("/a/{x}", "/a/{y}")]
    [InlineData("/a/{x}.json", "/a/{y}.json")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a/%62", "/a/b")]
    public void Templates_matching_the_same_requests_with_the_same_method_are_a_build_error(string first, string second)
    {
        var builder = new RouteTableBuilder();
        builder.Add("get", first, 0);
        builder.Add("get", second, 1);
        var error = Assert.Throws<RouteTemplateException>(builder.Build);
        Assert.Contains(second, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_template_with_different_methods_is_fine()
    {
        var table = Table(("get", "/a/{x}"), ("put", "/a/{y}"));
        Assert.Equal(1, Run(table, "PUT", "/a/1").Operation);
        Assert.Equal(["y"], table.Routes[1].ParameterNames);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/a//b")]
    [InlineData("/a/{x")]
    [InlineData("/a/x}")]
    [InlineData("/a/{}")]
    [InlineData("/a/{x}{y}")]
    [InlineData("/a/{x}/{x}")]
    [InlineData("/a/../b")]
    [InlineData("/a/%zz")]
    public void Malformed_templates_are_a_build_error(string template)
    {
        var builder = new RouteTableBuilder();
        builder.Add("get", template, 0);
        Assert.Throws<RouteTemplateException>(builder.Build);
    }

    [Fact]
    public void Paths_deeper_than_any_template_are_unknown()
    {
        var table = Table(("get", "/a/{b}"));
        Assert.Equal(2, table.MaxSegments);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/a/b/c").Status);
        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/a" + string.Concat(Enumerable.Repeat("/x", 5000))).Status);
    }

    [Fact]
    public void Long_paths_use_pooled_buffers()
    {
        var table = Table(("get", "/a/{b}"));
        string value = new('x', 5000);
        Assert.Equal([value], Run(table, "GET", "/a/" + value).Captures);
    }

    [Fact]
    public void A_thousand_templates()
    {
        var builder = new RouteTableBuilder();
        for (int i = 0; i < 1000; i++)
        {
            // resource{i}, its items, one item: 3 templates per group, groups of literal prefixes.
            int group = i / 3;
            string template = (i % 3) switch
            {
                0 => $"/r{group}",
                1 => $"/r{group}/{{id}}",
                _ => $"/r{group}/{{id}}/sub/{{subId}}.json",
            };
            builder.Add(i % 2 == 0 ? "get" : "post", template, i);
        }

        RouteTable table = builder.Build();
        Assert.Equal(1000, table.Routes.Count);
        for (int i = 0; i < 1000; i++)
        {
            int group = i / 3;
            string path = (i % 3) switch
            {
                0 => $"/r{group}",
                1 => $"/r{group}/{i}",
                _ => $"/r{group}/{i}/sub/x{i}.json",
            };
            var result = Run(table, i % 2 == 0 ? "GET" : "POST", path);
            Assert.Equal(i, result.Operation);
            var wrong = Run(table, "PATCH", path);
            Assert.Equal(RouteMatchStatus.MethodNotAllowed, wrong.Status);
            Assert.Equal(i % 2 == 0 ? "GET" : "POST", wrong.Allow);
        }

        Assert.Equal(RouteMatchStatus.UnknownPath, Run(table, "GET", "/r1000").Status);
    }

    [Fact]
    public void Matching_allocates_nothing()
    {
        var table = Table(("get", "/users/me"), ("get", "/users/{id}"), ("get", "/files/{name}.{ext}"), ("put", "/users/{id}"));
        var captures = new PathCapture[table.MaxCaptures];
        string[] paths = ["/users/me", "/users/42", "/files/a%20b.pdf", "/users/%2e%2e", "/nothing"];
        string longPath = "/users/" + new string('y', 2000);
        for (int warm = 0; warm < 3; warm++)
        {
            foreach (string path in paths)
            {
                table.Match("GET", path, captures);
            }

            table.Match("GET", longPath, captures);
            table.Match("POST", "/users/42", captures);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int matched = 0;
        foreach (string path in paths)
        {
            matched += table.Match("GET", path, captures).Status == RouteMatchStatus.Matched ? 1 : 0;
        }

        matched += table.Match("GET", longPath, captures).Status == RouteMatchStatus.Matched ? 1 : 0;
        RouteMatch refused = table.Match("POST", "/users/42", captures);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4, matched);
        Assert.Equal("GET, PUT", refused.Allow);
        Assert.Equal(0, allocated);
    }
}
