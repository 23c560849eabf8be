namespace ApiFilter.Pipeline;

/// <summary>
/// A small lock-free pool of reusable instances (schema validators, value checkers): a request
/// rents one, uses it on one thread, and gives it back. When the pool is empty a new instance is
/// made; when it is full the returned one is left to the collector.
/// </summary>
internal sealed class InstancePool<T>
    where T : class
{
    private readonly Func<T> _create;
    private readonly T?[] _items;

    public InstancePool(Func<T> create, int capacity)
    {
        _create = create;
        _items = new T?[Math.Max(1, capacity)];
    }

    public T Rent()
    {
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

    public void Return(T item)
    {
        var items = _items;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is null && Interlocked.CompareExchange(ref items[i], item, null) is null)
            {
                return;
            }
        }
    }
}
