using System.Runtime.CompilerServices;

namespace ProbLatent.Numerics;

/// <summary>
/// One product of <see cref="Gemm"/> in progress: its cache blocking, its packing buffers (kept per calling thread
/// and reused, so a product allocates nothing once the buffers have grown) and its sharing between the threads of
/// <see cref="WorkerPair"/>.
/// </summary>
/// <remarks>
/// The loops, outermost first: column blocks of C (nc), k blocks (kc), row blocks of C (mc: the packed block of A
/// stays in L2); then tiles, column panel by column panel, so that a panel of B stays in L1 (or L2 for long k)
/// while the panels of A stream past it. Each block is two phases whose items the threads claim in batches: packing panels of A (and
/// of B, at the first row block) into shared buffers, then computing tiles of C. Buffers alternate between two, so
/// a block's packing waits only for the tiles of the block before last. Each element of C is summed in the same
/// k order whichever thread computes its tile, so the result is the same bit for bit with one thread or two.
/// </remarks>
sealed unsafe class GemmJob : IPairWork
{
    const int MR = GemmMicroKernel.Rows, NR = GemmMicroKernel.Columns;

    // Blocking limits, in elements. Up to MaxKc the k loop is not cut at all: the kernel runs as fast with a panel
    // of B streaming from L2 as from L1 (about 15 bytes a cycle, half what L2 delivers), and every cut costs a
    // read-modify-write of C and a wait between the threads. The packed block of A (mc·kc floats) keeps to about
    // three quarters of L2; the block of B (kc·nc) to L3. Blocks are split evenly rather than cut at the limit.
    const int MaxKc = 1024, MaxMc = 144, MaxNc = 2048, ABlockFloats = 96 * 1024;

    // Smallest batches a thread claims: about a microsecond of packing or of arithmetic, so that claims stay rare.
    const int PackBatchElements = 16_384, TileBatchFlops = 150_000;

    [ThreadStatic] static GemmJob? t_job;

    float* _a, _b, _c;
    nint _lda, _ldb, _ldc;
    bool _transposeA, _transposeB, _accumulate, _portable;
    int _m, _n, _k, _kc, _mc, _nc;

    readonly float[]?[] _storage = new float[4][];
    readonly float*[] _buffers = new float*[4]; // A even, A odd, B even, B odd
    SharedRange[] _packing = [], _tiling = [];

    /// <summary>The job object of the calling thread.</summary>
    public static GemmJob ForThisThread => t_job ??= new GemmJob();

    public void Multiply(float* a, int lda, bool transposeA, float* b, int ldb, bool transposeB, float* c, int ldc,
        int m, int n, int k, bool accumulate, bool portable, bool parallel)
    {
        _a = a;
        _b = b;
        _c = c;
        (_lda, _transposeA, _ldb, _transposeB, _ldc) = (lda, transposeA, ldb, transposeB, ldc);
        (_m, _n, _k, _accumulate, _portable) = (m, n, k, accumulate, portable);
        _kc = EvenBlock(k, MaxKc, 1);
        _mc = EvenBlock(m, Math.Max(MR, Math.Min(MaxMc, ABlockFloats / _kc)), MR);
        _nc = EvenBlock(n, MaxNc, NR);
        int aLength = RoundUp(_mc, MR) * _kc, bLength = _kc * RoundUp(_nc, NR);
        int bBlocks = (n + _nc - 1) / _nc * ((k + _kc - 1) / _kc), blocks = bBlocks * ((m + _mc - 1) / _mc);
        // The second buffer of each pair only when there is a next block to pack while the last is still in use.
        Reserve(0, aLength);
        if (blocks > 1) Reserve(1, aLength);
        Reserve(2, bLength);
        if (bBlocks > 1) Reserve(3, bLength);
        PlanPhases(blocks);
        try
        {
            if (parallel) WorkerPair.Run(this);
            else Run(0);
        }
        finally
        {
            _a = _b = _c = null;
        }
    }

    /// <summary>Sizes the packing and tiling phase of every block, in the order <see cref="Run"/> visits them.</summary>
    void PlanPhases(int blocks)
    {
        if (_packing.Length < blocks)
        {
            int old = _packing.Length;
            Array.Resize(ref _packing, blocks);
            Array.Resize(ref _tiling, blocks);
            for (int i = old; i < blocks; i++)
            {
                _packing[i] = new SharedRange();
                _tiling[i] = new SharedRange();
            }
        }
        int s = 0;
        for (int jc = 0; jc < _n; jc += _nc)
        {
            int nPanels = (Math.Min(_nc, _n - jc) + NR - 1) / NR;
            for (int pc = 0; pc < _k; pc += _kc)
            {
                int kb = Math.Min(_kc, _k - pc);
                for (int ic = 0; ic < _m; ic += _mc, s++)
                {
                    int mPanels = (Math.Min(_mc, _m - ic) + MR - 1) / MR;
                    _packing[s].Reset(mPanels + (ic == 0 ? nPanels : 0), PackBatchElements / (NR * kb));
                    _tiling[s].Reset(mPanels * nPanels, TileBatchFlops / (2 * MR * NR * kb));
                }
            }
        }
    }

    public void Run(int participant)
    {
        float* tile = stackalloc float[MR * NR];
        int s = 0, kStep = 0, rowBlocks = (_m + _mc - 1) / _mc;
        for (int jc = 0; jc < _n; jc += _nc)
        {
            int nb = Math.Min(_nc, _n - jc), nPanels = (nb + NR - 1) / NR;
            for (int pc = 0; pc < _k; pc += _kc, kStep++)
            {
                int kb = Math.Min(_kc, _k - pc);
                bool add = _accumulate || pc > 0;
                float* bPacked = _buffers[2 + (kStep & 1)];
                for (int ic = 0; ic < _m; ic += _mc, s++)
                {
                    int mb = Math.Min(_mc, _m - ic), mPanels = (mb + MR - 1) / MR;
                    float* aPacked = _buffers[s & 1];

                    // The buffers about to be overwritten were last read by the tiles of the block before last.
                    if (s >= 2) _tiling[s - 2].WaitDone();
                    var packing = _packing[s];
                    while (packing.TryClaim(out int first, out int end))
                    {
                        for (int t = first; t < end; t++)
                        {
                            if (t < mPanels)
                                GemmPacking.PanelOfA(_a, _lda, _transposeA, ic + t * MR, Math.Min(MR, mb - t * MR), pc, kb, aPacked + t * MR * kb, _portable);
                            else
                            {
                                int jr = t - mPanels;
                                GemmPacking.PanelOfB(_b, _ldb, _transposeB, pc, kb, jc + jr * NR, Math.Min(NR, nb - jr * NR), bPacked + jr * NR * kb, _portable);
                            }
                        }
                        packing.Complete(end - first);
                    }
                    packing.WaitDone();

                    // Tiles of a later k block add into the same part of C: in k order, after those of the one before.
                    if (pc > 0) _tiling[s - rowBlocks].WaitDone();
                    var tiling = _tiling[s];
                    while (tiling.TryClaim(out int first, out int end))
                    {
                        for (int t = first; t < end; t++)
                        {
                            int jr = t / mPanels, ir = t - jr * mPanels;
                            int rows = Math.Min(MR, mb - ir * MR), columns = Math.Min(NR, nb - jr * NR);
                            float* a = aPacked + ir * MR * kb, b = bPacked + jr * NR * kb;
                            float* c = _c + (ic + ir * MR) * _ldc + jc + jr * NR;
                            if (rows == MR && columns == NR) Kernel(a, b, kb, c, _ldc, add);
                            else
                            {
                                Kernel(a, b, kb, tile, NR, false);
                                MergeEdge(tile, c, _ldc, rows, columns, add);
                            }
                        }
                        tiling.Complete(end - first);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Kernel(float* a, float* b, int kc, float* c, nint ldc, bool add)
    {
        if (_portable) GemmMicroKernel.Portable(a, b, kc, c, ldc, add);
        else GemmMicroKernel.Fused(a, b, kc, c, ldc, add);
    }

    /// <summary>Adds or copies the valid part of an edge tile; the same single rounding as the kernel's own store.</summary>
    static void MergeEdge(float* tile, float* c, nint ldc, int rows, int columns, bool add)
    {
        for (int i = 0; i < rows; i++, c += ldc, tile += NR)
            for (int j = 0; j < columns; j++) c[j] = add ? c[j] + tile[j] : tile[j];
    }

    /// <summary>A block size ≤ <paramref name="limit"/> (rounded to <paramref name="unit"/>) that cuts <paramref name="length"/> into equal blocks.</summary>
    static int EvenBlock(int length, int limit, int unit)
    {
        if (length <= limit) return Math.Max(length, 1);
        int blocks = (length + limit - 1) / limit;
        return RoundUp((length + blocks - 1) / blocks, unit);
    }

    static int RoundUp(int value, int unit) => (value + unit - 1) / unit * unit;

    void Reserve(int index, int length)
    {
        const int Align = 64 / sizeof(float);
        if (_storage[index] is { } existing && existing.Length >= length + Align) return;
        // Pinned so that the workers can hold raw pointers; aligned to a cache line so that kernel loads never split one.
        var storage = GC.AllocateUninitializedArray<float>(length + Align, pinned: true);
        _storage[index] = storage;
        nint address = (nint)Unsafe.AsPointer(ref storage[0]);
        _buffers[index] = (float*)((address + 63) & ~(nint)63);
    }
}
