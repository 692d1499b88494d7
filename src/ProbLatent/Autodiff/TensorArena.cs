using ProbLatent.Numerics;

namespace ProbLatent.Autodiff;

/// <summary>
/// Hands out the tensors of one forward and backward pass and takes them all back at once. A training step asks
/// for the same shapes in the same order every time, so after the first step every request is met by storage
/// already held: training allocates nothing per step.
/// </summary>
internal sealed class TensorArena
{
    readonly List<float[]> _storage = [];
    int _next;

    /// <summary>A tensor whose values are whatever the storage last held: for outputs that are fully written.</summary>
    public Tensor Uninitialized(int rows, int columns)
    {
        int length = checked(rows * columns);
        float[] data;
        if (_next < _storage.Count && _storage[_next].Length >= length) data = _storage[_next];
        else
        {
            data = new float[length];
            if (_next < _storage.Count) _storage[_next] = data;
            else _storage.Add(data);
        }
        _next++;
        return new Tensor(data, rows, columns);
    }

    public Tensor Zeros(int rows, int columns)
    {
        var t = Uninitialized(rows, columns);
        t.Clear();
        return t;
    }

    /// <summary>Takes every tensor back; tensors handed out before must no longer be used.</summary>
    public void Reset() => _next = 0;
}
