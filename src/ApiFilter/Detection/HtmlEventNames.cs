using System.Text;

namespace ApiFilter.Detection;

/// <summary>
/// Names of event handler content attributes browsers run as script: the HTML Living Standard's
/// "event handlers on elements, Document objects, and Window objects" (section 8.1.8.2), the
/// event types of the UI Events, Pointer Events, Touch Events, CSS Animations and Transitions
/// specifications, SVG's animation and document events, and the legacy Internet Explorer and
/// WebKit handlers attack payloads still use.
/// </summary>
/// <remarks>
/// Outside a tag the detector needs a real handler name before it calls <c>name=</c> an attack
/// (<c>online=yes</c> and <c>onion=3</c> are data); inside a tag any <c>on…</c> attribute counts.
/// Lookup compares at most the names of the candidate's length, only after a candidate was found.
/// </remarks>
internal static class HtmlEventNames
{
    /// <summary>Longest name in the table.</summary>
    public const int MaxLength = 44;

    // Bucketed by length so a lookup compares only names of the candidate's length.
    private static readonly string[][] ByLength = Build(
    [
        // HTML: GlobalEventHandlers, WindowEventHandlers, DocumentAndElementEventHandlers.
        "onabort", "onauxclick", "onbeforeinput", "onbeforematch", "onbeforetoggle", "onblur", "oncancel",
        "oncanplay", "oncanplaythrough", "onchange", "onclick", "onclose", "oncontextlost", "oncontextmenu",
        "oncontextrestored", "oncopy", "oncuechange", "oncut", "ondblclick", "ondrag", "ondragend", "ondragenter",
        "ondragexit", "ondragleave", "ondragover", "ondragstart", "ondrop", "ondurationchange", "onemptied",
        "onended", "onerror", "onfocus", "onformdata", "oninput", "oninvalid", "onkeydown", "onkeypress",
        "onkeyup", "onload", "onloadeddata", "onloadedmetadata", "onloadstart", "onmousedown", "onmouseenter",
        "onmouseleave", "onmousemove", "onmouseout", "onmouseover", "onmouseup", "onmousewheel", "onpaste",
        "onpause", "onplay", "onplaying", "onprogress", "onratechange", "onreset", "onresize", "onscroll",
        "onscrollend", "onsecuritypolicyviolation", "onseeked", "onseeking", "onselect", "onslotchange",
        "onstalled", "onsubmit", "onsuspend", "ontimeupdate", "ontoggle", "onvolumechange", "onwaiting",
        "onwheel", "onafterprint", "onbeforeprint", "onbeforeunload", "onhashchange", "onlanguagechange",
        "onmessage", "onmessageerror", "onoffline", "ononline", "onpagehide", "onpagereveal", "onpageshow",
        "onpageswap", "onpopstate", "onrejectionhandled", "onstorage", "onunhandledrejection", "onunload",
        "onselectstart", "onselectionchange", "onreadystatechange", "onvisibilitychange", "onfullscreenchange",
        "onfullscreenerror", "onpointerlockchange", "onpointerlockerror", "oncommand", "onsearch", "onshow",

        // Pointer, touch, animation, transition, focus, composition and clipboard events.
        "onpointerdown", "onpointerup", "onpointermove", "onpointerover", "onpointerout", "onpointerenter",
        "onpointerleave", "onpointercancel", "ongotpointercapture", "onlostpointercapture", "onpointerrawupdate",
        "ontouchstart", "ontouchend", "ontouchmove", "ontouchcancel", "onanimationstart", "onanimationend",
        "onanimationiteration", "onanimationcancel", "ontransitionstart", "ontransitionend", "ontransitionrun",
        "ontransitioncancel", "onfocusin", "onfocusout", "oncompositionstart", "oncompositionupdate",
        "oncompositionend", "onbeforecopy", "onbeforecut", "onbeforepaste", "ondevicemotion",
        "ondeviceorientation", "onorientationchange",

        // SVG and SMIL.
        "onbegin", "onend", "onrepeat", "onactivate", "onfocusin", "onzoom", "onsvgload", "onsvgerror",
        "onsvgabort", "onsvgresize", "onsvgscroll", "onsvgunload", "onsvgzoom",

        // Legacy Internet Explorer, WebKit and Gecko handlers.
        "onactivate", "onafterupdate", "onbeforeactivate", "onbeforedeactivate", "onbeforeeditfocus",
        "onbeforeupdate", "onbounce", "oncellchange", "oncontrolselect", "ondataavailable", "ondatasetchanged",
        "ondatasetcomplete", "ondeactivate", "onerrorupdate", "onfilterchange", "onfinish", "onhelp",
        "onlayoutcomplete", "onlosecapture", "onmove", "onmoveend", "onmovestart", "onpropertychange",
        "onresizeend", "onresizestart", "onrowenter", "onrowexit", "onrowsdelete", "onrowsinserted", "onstart",
        "onstop", "onbeforescriptexecute", "onafterscriptexecute", "onwebkitanimationstart",
        "onwebkitanimationend", "onwebkitanimationiteration", "onwebkittransitionend",
        "onwebkitmouseforcedown", "onwebkitmouseforceup", "onwebkitmouseforcewillbegin",
        "onwebkitmouseforcechanged", "onwebkitplaybacktargetavailabilitychanged", "onmozfullscreenchange",
        "onmozfullscreenerror", "onmozpointerlockchange", "onforminput", "onformchange", "onpopuphidden",
        "onpopuphiding", "onpopupshowing", "onpopupshown", "onoverflow", "onunderflow", "onoverflowchanged",
        "ontext", "oninput", "onmessage",
    ]);

    /// <summary>True when <paramref name="name"/> (any case) is a known event handler attribute name.</summary>
    public static bool IsKnown(ReadOnlySpan<byte> name)
    {
        if (name.Length >= ByLength.Length)
        {
            return false;
        }

        foreach (string candidate in ByLength[name.Length])
        {
            if (Ascii.EqualsIgnoreCase(name, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static string[][] Build(string[] names)
    {
        var buckets = new List<string>[MaxLength + 1];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = [];
        }

        foreach (string name in names)
        {
            if (!buckets[name.Length].Contains(name))
            {
                buckets[name.Length].Add(name);
            }
        }

        var result = new string[buckets.Length][];
        for (int i = 0; i < buckets.Length; i++)
        {
            result[i] = [.. buckets[i]];
        }

        return result;
    }
}
