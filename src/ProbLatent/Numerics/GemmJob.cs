using System.Runtime.CompilerServices;

namespace ProbLatent.Numerics;

/// <summary>
/// One product of <see cref="Gemm"/> in progress: its cache blocking, its packing buffers (kept per calling thread
/// and reused, so a product allocates nothing once the buffers have grown) and its sharing between the threads of
/// <see cref="WorkerPair"/>.
/// </summary>
/// <remarks>
/// <para>
/// The loops, outermost first: column blocks of C (nc), k blocks (kc), row blocks of C (mc); then 6×16 tiles,
/// column panel by column panel, so that a panel of B stays in L1 (or L2 for long k) while the panels of A
/// stream past it. The threads claim batches of tiles.
/// </para>
/// <para>
/// The kernel reads a panel straight from the matrix where its layout allows: rows of A (6 row streams), columns
/// of Aᵀ and rows of B (one stream with a fixed stride) — which covers every panel of the forward and
/// weight-gradient products. Only transposed B, the partial panels at the edges and strides that would alias in
/// the cache are packed, by the first thread that needs the panel, into buffers both threads read. Packing
/// everything up front costs more than it saves at these sizes: the packed copy is written by one core and read
/// by the other, and those cache-line transfers made packing several times slower than the copy itself.
/// </para>
/// <para>
/// Tiles of a later k block add into the same part of C, so they wait for the block before; buffers alternate
/// between two, so packing for a block waits only for the tiles of the block before last. Each element of C is
/// summed in the same k order whichever thread computes its tile, so the result is the same bit for bit with one
/// thread or two.
/// </para>
/// </remarks>
sealed unsafe class GemmJob : IPairWork
{
    const int MR = GemmMicroKernel.Rows, NR = GemmMicroKernel.Columns;

    // Blocking limits, in elements. Up to MaxKc the k loop is not cut at all: the kernel runs as fast with a panel
    // of B streaming from L2 as from L1 (about 15 bytes a cycle, half what L2 delivers), and every cut costs a
    // read-modify-write of C and a wait between the threads. A block of A (mc·kc floats) keeps to about three
    // quarters of L2; a block of B (kc·nc) to L3. Blocks are split evenly rather than cut at the limit.
    internal const int MaxKc = 1024;
    const int MaxMc = 144, MaxNc = 2048, ABlockFloats = 96 * 1024;

    // Smallest batch of tiles a thread claims: about a microsecond of arithmetic, so that claims stay rare.
    const int TileBatchFlops = 150_000;

    [ThreadStatic] static GemmJob? t_job;

    float* _a, _b, _c;
    nint _lda, _ldb, _ldc;
    bool _transposeA, _transposeB, _accumulate, _portable, _directA, _directB;
    int _m, _n, _k, _kc, _mc, _nc;
    long _generation;

    readonly float[]?[] _storage = new float[4][];
    readonly float*[] _buffers = new float*[4]; // A even, A odd, B even, B odd
    readonly long[][] _packed = [[], [], [], []]; // per buffer and panel: the tag of the block it holds
    SharedRange[] _tiling = [];

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
        // Rows of A are read in sequence whatever lda; a stride through A or B that is a multiple of 64 floats
        // would put a whole panel in a few cache sets, so such panels are packed.
        _directA = !transposeA || !Aliases(lda);
        _directB = !transposeB && !Aliases(ldb);
        _kc = EvenBlock(k, MaxKc, 1);
        _mc = EvenBlock(m, Math.Max(MR, Math.Min(MaxMc, ABlockFloats / _kc)), MR);
        _nc = EvenBlock(n, MaxNc, NR);
        int mPanels = (_mc + MR - 1) / MR, nPanels = (_nc + NR - 1) / NR;
        int bBlocks = (n + _nc - 1) / _nc * ((k + _kc - 1) / _kc), blocks = bBlocks * ((m + _mc - 1) / _mc);
        // The second buffer of each pair only when there is a next block to pack while the last is still in use.
        Reserve(0, mPanels, MR);
        if (blocks > 1) Reserve(1, mPanels, MR);
        Reserve(2, nPanels, NR);
        if (bBlocks > 1) Reserve(3, nPanels, NR);
        PlanTiling(blocks);
        _generation++;
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

    static bool Aliases(nint stride) => stride % 64 == 0;

    /// <summary>Sizes the tiling of every block, in the order <see cref="Run"/> visits them.</summary>
    void PlanTiling(int blocks)
    {
        if (_tiling.Length < blocks)
        {
            int old = _tiling.Length;
            Array.Resize(ref _tiling, blocks);
            for (int i = old; i < blocks; i++) _tiling[i] = new SharedRange();
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
                    int tiles = (Math.Min(_mc, _m - ic) + MR - 1) / MR * nPanels;
                    // Small products in smaller batches, or one thread would do most of the work.
                    _tiling[s].Reset(tiles, Math.Min(TileBatchFlops / (2 * MR * NR * kb), tiles / 8));
                }
            }
        }
    }

    // Optimised from the first call: under tiered compilation the tile loop would start unoptimised.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int participant)
    {
        float* tile = stackalloc float[MR * NR];
        int s = 0, kStep = 0, rowBlocks = (_m + _mc - 1) / _mc;
        for (int jc = 0; jc < _n; jc += _nc)
        {
            int nb = Math.Min(_nc, _n - jc);
            for (int pc = 0; pc < _k; pc += _kc, kStep++)
            {
                int kb = Math.Min(_kc, _k - pc);
                bool add = _accumulate || pc > 0;
                for (int ic = 0; ic < _m; ic += _mc, s++)
                {
                    int mb = Math.Min(_mc, _m - ic), mPanels = (mb + MR - 1) / MR;
                    // The buffers about to be reused were last read by the tiles of the block before last.
                    if (s >= 2) _tiling[s - 2].WaitDone();
                    // Tiles of a later k block add into the same part of C: in k order, after those of the one before.
                    if (pc > 0) _tiling[s - rowBlocks].WaitDone();
                    var tiling = _tiling[s];
                    while (tiling.TryClaim(out int first, out int end))
                    {
                        for (int t = first; t < end; t++)
                        {
                            int jr = t / mPanels, ir = t - jr * mPanels;
                            int i0 = ic + ir * MR, j0 = jc + jr * NR;
                            int rows = Math.Min(MR, mb - ir * MR), columns = Math.Min(NR, nb - jr * NR);

                            float* a;
                            nint aRow, aStep;
                            if (_directA && rows == MR)
                            {
                                a = _transposeA ? _a + pc * _lda + i0 : _a + i0 * _lda + pc;
                                aRow = _transposeA ? 1 : _lda;
                                aStep = _transposeA ? _lda : 1;
                            }
                            else
                            {
                                a = PackedA(s, ir, i0, rows, pc, kb);
                                aRow = 1;
                                aStep = MR;
                            }
                            float* b;
                            nint bStep;
                            if (_directB && columns == NR)
                            {
                                b = _b + pc * _ldb + j0;
                                bStep = _ldb;
                            }
                            else
                            {
                                b = PackedB(kStep, jr, j0, columns, pc, kb);
                                bStep = NR;
                            }

                            float* c = _c + i0 * _ldc + j0;
                            if (rows == MR && columns == NR) Kernel(a, aRow, aStep, b, bStep, kb, c, _ldc, add);
                            else
                            {
                                Kernel(a, aRow, aStep, b, bStep, kb, tile, NR, false);
                                MergeEdge(tile, c, _ldc, rows, columns, add);
                            }
                        }
                        tiling.Complete(end - first);
                    }
                }
            }
        }
    }

    /// <summary>Row panel <paramref name="ir"/> of A for block <paramref name="s"/>, packed by whichever thread needs it first.</summary>
    float* PackedA(int s, int ir, int i0, int rows, int pc, int kb)
    {
        int buffer = s & 1;
        float* panel = _buffers[buffer] + ir * MR * kb;
        if (Claim(_packed[buffer], ir, s))
        {
            GemmPacking.PanelOfA(_a, _lda, _transposeA, i0, rows, pc, kb, panel, _portable);
            Publish(_packed[buffer], ir, s);
        }
        return panel;
    }

    /// <summary>Column panel <paramref name="jr"/> of B for k block <paramref name="kStep"/>, packed by whichever thread needs it first.</summary>
    float* PackedB(int kStep, int jr, int j0, int columns, int pc, int kb)
    {
        int buffer = 2 + (kStep & 1);
        float* panel = _buffers[buffer] + jr * NR * kb;
        if (Claim(_packed[buffer], jr, kStep))
        {
            GemmPacking.PanelOfB(_b, _ldb, _transposeB, pc, kb, j0, columns, panel, _portable);
            Publish(_packed[buffer], jr, kStep);
        }
        return panel;
    }

    // A panel's tag: this product's generation and the block, with the low bit set once the panel is ready. Tags
    // of earlier blocks or products never match, so the flags need no clearing between them.
    long Tag(int block) => (_generation << 32) | ((long)block << 1);

    /// <summary>True if the caller is to pack the panel; false once it is ready (packed by another thread, perhaps waited for).</summary>
    bool Claim(long[] flags, int panel, int block)
    {
        long busy = Tag(block), ready = busy | 1;
        long seen = Volatile.Read(ref flags[panel]);
        if (seen == ready) return false;
        if (seen != busy && Interlocked.CompareExchange(ref flags[panel], busy, seen) == seen) return true;
        WorkerPair.WaitFor((flags, panel, ready), static s => Volatile.Read(ref s.flags[s.panel]) == s.ready, "the thread packing a panel failed");
        return false;
    }

    void Publish(long[] flags, int panel, int block) => Volatile.Write(ref flags[panel], Tag(block) | 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Kernel(float* a, nint aRow, nint aStep, float* b, nint bStep, int kc, float* c, nint ldc, bool add)
    {
        if (_portable) GemmMicroKernel.Portable(a, aRow, aStep, b, bStep, kc, c, ldc, add);
        else GemmMicroKernel.Fused(a, aRow, aStep, b, bStep, kc, c, ldc, add);
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

    /// <summary>Room for <paramref name="panels"/> panels of <paramref name="width"/> × kc in buffer <paramref name="index"/>.</summary>
    void Reserve(int index, int panels, int width)
    {
        const int Align = 64 / sizeof(float);
        int length = panels * width * _kc;
        if (_packed[index].Length < panels) _packed[index] = new long[panels];
        if (_storage[index] is { } existing && existing.Length >= length + Align) return;
        // Pinned so that the workers can hold raw pointers; aligned to a cache line so that kernel loads never split one.
        var storage = GC.AllocateUninitializedArray<float>(length + Align, pinned: true);
        _storage[index] = storage;
        nint address = (nint)Unsafe.AsPointer(ref storage[0]);
        _buffers[index] = (float*)((address + 63) & ~(nint)63);
    }
}
