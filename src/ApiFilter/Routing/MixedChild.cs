namespace ApiFilter.Routing;

/// <summary>A mixed-segment child: its pattern and its node.</summary>
internal sealed record MixedChild(SegmentPattern Pattern, RouteNode Node);
