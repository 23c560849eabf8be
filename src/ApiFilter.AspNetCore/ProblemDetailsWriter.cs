using System.Buffers;
using System.Text.Json;
using ApiFilter.Pipeline;
using Microsoft.AspNetCore.Http;

namespace ApiFilter.AspNetCore;

/// <summary>
/// Writes a refusal as an RFC 9457 problem details document (<c>application/problem+json</c>) with
/// <see cref="Utf8JsonWriter"/>: no reflection serializer, so it works under native AOT.
/// </summary>
/// <remarks>
/// Shape: the standard members <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and
/// <c>instance</c> (RFC 9457 section 3.1), plus the extension member <c>violations</c>
/// (section 3.2): an array of <c>{ code, in, pointer, message, offset, schemaLocation }</c>; <c>in</c> (body, path,
/// query, header, cookie), <c>offset</c> and <c>schemaLocation</c> are omitted when unknown.
/// <c>type</c> is <c>https://apifilter.dev/problems/{code}</c> of the first violation.
/// </remarks>
public static class ProblemDetailsWriter
{
    /// <summary>Media type of the document (RFC 9457 section 6.1).</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>Base of the <c>type</c> URI; the violation code is appended.</summary>
    public const string TypeBase = "https://apifilter.dev/problems/";

    /// <summary>Serializes the problem document for <paramref name="verdict"/>.</summary>
    public static byte[] Serialize(Verdict verdict, string instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (verdict.IsAllowed)
        {
            throw new ArgumentException("An allowing verdict has no problem to describe.", nameof(verdict));
        }

        var first = verdict.FirstViolation!;
        var output = new ArrayBufferWriter<byte>(512);
        // problem+json is never HTML: the relaxed encoder keeps quotes and apostrophes readable while
        // still escaping control characters and quotes inside strings
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeBase + first.Code);
            json.WriteString("title", ViolationCodes.TitleFor(first.Code));
            json.WriteNumber("status", verdict.Status);
            json.WriteString("detail", first.Message);
            json.WriteString("instance", instance);
            json.WriteStartArray("violations");
            foreach (var violation in verdict.Violations)
            {
                json.WriteStartObject();
                json.WriteString("code", violation.Code);
                if (violation.Location is not null)
                {
                    json.WriteString("in", violation.Location);
                }

                json.WriteString("pointer", violation.Pointer);
                json.WriteString("message", violation.Message);
                if (violation.Offset >= 0)
                {
                    json.WriteNumber("offset", violation.Offset);
                }

                if (violation.SchemaLocation is not null)
                {
                    json.WriteString("schemaLocation", violation.SchemaLocation);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Answers the request with the problem document for <paramref name="verdict"/>. The instance is the request path.
    /// </summary>
    /// <param name="context">The request to answer; its response must not have started.</param>
    /// <param name="verdict">A refusal.</param>
    /// <param name="closeConnection">
    /// Ask the client to close the connection (RFC 9112 section 9.6): used when the request body
    /// was not read to its end, so the server does not have to drain it.
    /// </param>
    public static Task WriteAsync(HttpContext context, Verdict verdict, bool closeConnection = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = Serialize(verdict, context.Request.Path.Value ?? "/");
        var response = context.Response;
        response.Clear();
        response.StatusCode = verdict.Status;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        if (verdict.AllowHeader is not null)
        {
            response.Headers.Allow = verdict.AllowHeader;
        }

        if (verdict.Challenge is not null)
        {
            response.Headers.WWWAuthenticate = verdict.Challenge;
        }

        if (verdict.AcceptSignature is not null)
        {
            // RFC 9421 section 5.1: what the client should sign
            response.Headers["Accept-Signature"] = verdict.AcceptSignature;
        }

        if (closeConnection)
        {
            response.Headers.Connection = "close";
        }

        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
