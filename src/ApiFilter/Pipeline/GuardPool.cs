namespace ApiFilter.Pipeline;

/// <summary>
/// A small lock-free pool of guards of one kind, so judging a request reuses a guard instead of
/// allocating one. Guards are reset on return. When the pool is full a returned guard is dropped.
/// </summary>
internal sealed class GuardPool
{
    private readonly Func<IBodyGuard> _create;
    private readonly IBodyGuard?[] _items;
    private IBodyGuard? _first;

    public GuardPool(Func<IBodyGuard> create, int capacity)
    {
        _create = create;
        _items = new IBodyGuard?[Math.Max(0, capacity - 1)];
    }

    public IBodyGuard Rent()
    {
        var first = _first;
        if (first is not null && Interlocked.CompareExchange(ref _first, null, first) == first)
        {
            return first;
        }

        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item is not null && Interlocked.CompareExchange(ref items[i], null, item) == item)
            {
                return item;
            }
        }

        return _create();
    }

    public void Return(IBodyGuard guard)
    {
        guard.Reset();
        if (_first is null && Interlocked.CompareExchange(ref _first, guard, null) is null)
        {
            return;
        }

        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null && Interlocked.CompareExchange(ref items[i], guard, null) is null)
            {
                return;
            }
        }
    }
}
