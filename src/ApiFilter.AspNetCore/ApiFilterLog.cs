using Microsoft.Extensions.Logging;

namespace ApiFilter.AspNetCore;

/// <summary>Source-generated log messages (no boxing, no reflection: AOT-safe).</summary>
internal static partial class ApiFilterLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Forwarding {Method} {Path} unjudged: media type '{ContentType}' is not JSON or XML")]
    public static partial void UnjudgedMediaType(ILogger logger, string method, string path, string? contentType);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Refused {Method} {Path} with {Status}: {Code} at '{Pointer}': {Detail}")]
    public static partial void Refused(ILogger logger, string method, string path, int status, string code, string pointer, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Response to {Method} {Path} (status {Status}) breaks the contract: {Code}: {Detail}")]
    public static partial void ResponseBreach(ILogger logger, string method, string path, int status, string code, string detail);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Reported (not refused) {Code} in {Location} '{Pointer}': {Detail}")]
    public static partial void DetectionReported(ILogger logger, string code, string location, string pointer, string detail);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Response to {Method} {Path} was sent unsigned: its body is over the signing limit of {Limit} bytes")]
    public static partial void ResponseNotSigned(ILogger logger, string method, string path, long limit);
}
