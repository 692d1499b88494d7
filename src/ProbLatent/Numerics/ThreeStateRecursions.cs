using System.Runtime.CompilerServices;

namespace ProbLatent.Numerics;

/// <summary>
/// <see cref="ChainRecursions"/>' passes for a chain of three states, the common small case, unrolled: A and each step's
/// vectors held in registers, with no loop over the states and no bounds to check per entry. Each step adds in the same
/// order as the general loops, so the numbers are theirs.
/// </summary>
internal static class ThreeStateRecursions
{
    /// <summary>The scaled forward recursion, as <c>ChainRecursions.Filter</c>.</summary>
    public static bool Filter(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, int steps,
        Span<double> filtered, Span<double> scales)
    {
        if (steps == 0) return true;
        var a = new ThreeStates(transitions);
        densities = densities[..(3 * steps)];
        filtered = filtered[..(3 * steps)];
        scales = scales[..steps];
        double p0 = initial[0] * densities[0], p1 = initial[1] * densities[1], p2 = initial[2] * densities[2];
        for (int t = 0; t < steps; t++)
        {
            if (t > 0) (p0, p1, p2) = a.Forward(p0, p1, p2, densities[3 * t], densities[3 * t + 1], densities[3 * t + 2]);
            if (!ThreeStates.Scale(ref p0, ref p1, ref p2, out double c)) return false;
            filtered[3 * t] = p0;
            filtered[3 * t + 1] = p1;
            filtered[3 * t + 2] = p2;
            scales[t] = c;
        }
        return true;
    }

    /// <summary>The normalised backward recursion, as <c>ChainRecursions.NormalisedBackward</c>, from the last step down to step <paramref name="until"/>.</summary>
    public static bool NormalisedBackward(ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, int steps, int until, Span<double> backward)
    {
        var a = new ThreeStates(transitions);
        densities = densities[..(3 * steps)];
        backward = backward[..(3 * steps)];
        double b0 = 1.0 / 3, b1 = b0, b2 = b0;
        backward[3 * steps - 3] = b0;
        backward[3 * steps - 2] = b1;
        backward[3 * steps - 1] = b2;
        for (int t = steps - 1; t > until; t--)
        {
            if (!a.Backward(ref b0, ref b1, ref b2, densities[3 * t] * b0, densities[3 * t + 1] * b1, densities[3 * t + 2] * b2)) return false;
            backward[3 * t - 3] = b0;
            backward[3 * t - 2] = b1;
            backward[3 * t - 1] = b2;
        }
        return true;
    }

    /// <summary>γₜ and Σ ξₜ over steps [<paramref name="from"/>, <paramref name="to"/>), as <c>ChainRecursions.Marginals</c>.</summary>
    public static void Marginals(ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, ReadOnlySpan<double> backward, Span<double> gamma,
        int from, int to, ReadOnlySpan<double> boundary, Span<double> transitionCounts)
    {
        var a = new ThreeStates(transitions);
        var counts = new PairCounts();
        for (int t = to - 1; t >= from; t--)
        {
            double b0 = backward[3 * t], b1 = backward[3 * t + 1], b2 = backward[3 * t + 2];
            if (t >= 1)
            {
                var previous = t == from && !boundary.IsEmpty ? boundary : gamma.Slice(3 * t - 3, 3);
                counts.Add(a, previous[0], previous[1], previous[2], densities[3 * t] * b0, densities[3 * t + 1] * b1, densities[3 * t + 2] * b2);
            }
            StoreMarginal(gamma, t, gamma[3 * t], gamma[3 * t + 1], gamma[3 * t + 2], b0, b1, b2);
        }
        counts.AddTo(transitionCounts);
    }

    /// <summary>
    /// <c>ChainRecursions.ForwardBackwardOnTwoCores</c> with half the passes: the forward pass over the first half and the
    /// backward over the second at once; then each goes on over the other half, where the other pass has left what it
    /// needs, and turns each step into γₜ and ξₜ as it reaches it — the forward with β̂ₜ from the array, the backward with
    /// α̂ₜ from the marginals', which it overwrites. Each step's numbers are those of the two passes and the halves in turn,
    /// the first half's transition counts added in the same order and the second's in step order.
    /// </summary>
    public static double MeetInTheMiddle(double[] initial, double[] transitions, int steps, double[] gamma, double[] stepLogLikelihoods, double[] scales,
        double[] shifts, double[] densities, double[] backward, Span<double> transitionCounts)
    {
        var job = new MeetInTheMiddleJob(initial, transitions, steps, gamma, stepLogLikelihoods, scales, shifts, densities, backward);
        WorkerPair.For(2, job, static (j, from, to) => { for (int i = from; i < to; i++) j.Pass(i); });
        if (!job.Reached[0] || !job.Reached[1]) return double.NegativeInfinity;
        WorkerPair.For(2, job, static (j, from, to) => { for (int i = from; i < to; i++) j.Cross(i); });
        if (!job.Reached[0] || !job.Reached[1]) return double.NegativeInfinity;
        for (int i = 0; i < 9; i++) transitionCounts[i] += job.Counts[i] + job.Counts[9 + i];
        return job.LogLikelihoods[0] + job.LogLikelihoods[1];
    }

    /// <summary>The items of <see cref="MeetInTheMiddle"/>: each round's forward (0) and backward (1), which either thread may run.</summary>
    sealed class MeetInTheMiddleJob(double[] initial, double[] transitions, int steps, double[] gamma, double[] stepLogLikelihoods, double[] scales,
        double[] shifts, double[] densities, double[] backward)
    {
        readonly int _half = steps / 2;
        public readonly bool[] Reached = new bool[2];
        public readonly double[] Counts = new double[18];
        public readonly double[] LogLikelihoods = new double[2];
        // α̂ at the first half's last step, which the forward reads on from while the backward turns it into γ.
        double _boundary0, _boundary1, _boundary2;

        /// <summary>The first round: the forward pass over the first half (0), the backward pass over the second (1).</summary>
        public void Pass(int item)
        {
            if (item == 1)
            {
                Reached[1] = NormalisedBackward(transitions, densities, steps, _half, backward);
                return;
            }
            Reached[0] = Filter(initial, transitions, densities, _half, gamma, scales);
            (_boundary0, _boundary1, _boundary2) = (gamma[3 * _half - 3], gamma[3 * _half - 2], gamma[3 * _half - 1]);
        }

        /// <summary>The second round: the forward over the second half (0), the backward over the first (1), each step's γ and ξ on the way.</summary>
        public void Cross(int item)
        {
            if (item == 0)
            {
                Reached[0] = ForwardMarginals(transitions, densities, backward, gamma, scales, _half, steps, (_boundary0, _boundary1, _boundary2), Counts.AsSpan(9, 9));
                LogLikelihoods[1] = ChainRecursions.StepLogLikelihoods(scales, shifts, stepLogLikelihoods, _half, steps);
            }
            else
            {
                Reached[1] = BackwardMarginals(transitions, densities, backward, gamma, _half, Counts.AsSpan(0, 9));
                LogLikelihoods[0] = ChainRecursions.StepLogLikelihoods(scales, shifts, stepLogLikelihoods, 0, _half);
            }
        }
    }

    /// <summary>
    /// The forward pass on from α̂ at <paramref name="from"/> − 1 (<paramref name="previous"/>) over steps [from, to) whose β̂
    /// the backward pass has written: at each step ξₜ as <see cref="Marginals"/> forms it, then α̂ₜ and cₜ as
    /// <see cref="Filter"/> does, then γₜ; false when a step has no probability.
    /// </summary>
    static bool ForwardMarginals(ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, ReadOnlySpan<double> backward, Span<double> gamma,
        Span<double> scales, int from, int to, (double, double, double) previous, Span<double> transitionCounts)
    {
        var a = new ThreeStates(transitions);
        var counts = new PairCounts();
        var (p0, p1, p2) = previous;
        for (int t = from; t < to; t++)
        {
            double d0 = densities[3 * t], d1 = densities[3 * t + 1], d2 = densities[3 * t + 2];
            double b0 = backward[3 * t], b1 = backward[3 * t + 1], b2 = backward[3 * t + 2];
            counts.Add(a, p0, p1, p2, d0 * b0, d1 * b1, d2 * b2);
            (p0, p1, p2) = a.Forward(p0, p1, p2, d0, d1, d2);
            if (!ThreeStates.Scale(ref p0, ref p1, ref p2, out double c)) return false;
            scales[t] = c;
            StoreMarginal(gamma, t, p0, p1, p2, b0, b1, b2);
        }
        counts.AddTo(transitionCounts);
        return true;
    }

    /// <summary>
    /// The normalised backward pass on from β̂ at <paramref name="half"/> (in <paramref name="backward"/>) down to the first
    /// step, over the forward's α̂ in <paramref name="gamma"/>: at each step ξₜ₊₁ as <see cref="Marginals"/> forms it (for
    /// the pairs inside the half), β̂ₜ as <see cref="NormalisedBackward"/> does, then γₜ over α̂ₜ; false when a step leaves every state none.
    /// </summary>
    static bool BackwardMarginals(ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, ReadOnlySpan<double> backward, Span<double> gamma,
        int half, Span<double> transitionCounts)
    {
        var a = new ThreeStates(transitions);
        var counts = new PairCounts();
        double b0 = backward[3 * half], b1 = backward[3 * half + 1], b2 = backward[3 * half + 2];
        for (int t = half - 1; t >= 0; t--)
        {
            double p0 = gamma[3 * t], p1 = gamma[3 * t + 1], p2 = gamma[3 * t + 2];
            double w0 = densities[3 * t + 3] * b0, w1 = densities[3 * t + 4] * b1, w2 = densities[3 * t + 5] * b2;
            if (t + 1 < half) counts.Add(a, p0, p1, p2, w0, w1, w2);
            if (!a.Backward(ref b0, ref b1, ref b2, w0, w1, w2)) return false;
            StoreMarginal(gamma, t, p0, p1, p2, b0, b1, b2);
        }
        counts.AddTo(transitionCounts);
        return true;
    }

    /// <summary>γₜ = α̂ₜ ⊙ β̂ₜ normalised into step <paramref name="t"/> of <paramref name="gamma"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreMarginal(Span<double> gamma, int t, double a0, double a1, double a2, double b0, double b1, double b2)
    {
        double g0 = a0 * b0, g1 = a1 * b1, g2 = a2 * b2;
        double total = g0 + g1 + g2;
        gamma[3 * t] = g0 / total;
        gamma[3 * t + 1] = g1 / total;
        gamma[3 * t + 2] = g2 / total;
    }

    /// <summary>A three-state transition matrix in nine locals, and the steps of the recursions through it.</summary>
    readonly struct ThreeStates
    {
        public readonly double A00, A01, A02, A10, A11, A12, A20, A21, A22;

        public ThreeStates(ReadOnlySpan<double> a) =>
            (A00, A01, A02, A10, A11, A12, A20, A21, A22) = (a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);

        /// <summary>The forward step before its scale: (Σᵢ pᵢ Aᵢⱼ) dⱼ.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (double, double, double) Forward(double p0, double p1, double p2, double d0, double d1, double d2) =>
            ((p0 * A00 + p1 * A10 + p2 * A20) * d0, (p0 * A01 + p1 * A11 + p2 * A21) * d1, (p0 * A02 + p1 * A12 + p2 * A22) * d2);

        /// <summary>α̂ = α / c with c = Σ α, in place; false when c is not positive.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool Scale(ref double p0, ref double p1, ref double p2, out double c)
        {
            c = p0 + p1 + p2;
            if (!(c > 0)) return false;
            p0 /= c;
            p1 /= c;
            p2 /= c;
            return true;
        }

        /// <summary>β̂ₜ = A w / Σ A w in place of β̂ₜ₊₁, from wⱼ = p(xₜ₊₁ | j) β̂ₜ₊₁(j); false when A w sums to none.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Backward(ref double b0, ref double b1, ref double b2, double w0, double w1, double w2)
        {
            double n0 = A00 * w0 + A01 * w1 + A02 * w2;
            double n1 = A10 * w0 + A11 * w1 + A12 * w2;
            double n2 = A20 * w0 + A21 * w1 + A22 * w2;
            double sum = n0 + n1 + n2;
            if (!(sum > 0)) return false;
            double inverse = 1 / sum;
            b0 = n0 * inverse;
            b1 = n1 * inverse;
            b2 = n2 * inverse;
            return true;
        }
    }

    /// <summary>Σₜ ξₜ of a three-state chain in nine locals.</summary>
    struct PairCounts
    {
        double _00, _01, _02, _10, _11, _12, _20, _21, _22;

        /// <summary>Adds ξ(i, j) ∝ pᵢ Aᵢⱼ wⱼ normalised to sum 1: one step's pairwise marginal, from α̂ₜ₋₁ and wⱼ = p(xₜ | j) β̂ₜ(j).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(in ThreeStates a, double p0, double p1, double p2, double w0, double w1, double w2)
        {
            double x00 = p0 * a.A00 * w0, x01 = p0 * a.A01 * w1, x02 = p0 * a.A02 * w2;
            double x10 = p1 * a.A10 * w0, x11 = p1 * a.A11 * w1, x12 = p1 * a.A12 * w2;
            double x20 = p2 * a.A20 * w0, x21 = p2 * a.A21 * w1, x22 = p2 * a.A22 * w2;
            double inverse = 1 / (x00 + x01 + x02 + x10 + x11 + x12 + x20 + x21 + x22);
            _00 += x00 * inverse; _01 += x01 * inverse; _02 += x02 * inverse;
            _10 += x10 * inverse; _11 += x11 * inverse; _12 += x12 * inverse;
            _20 += x20 * inverse; _21 += x21 * inverse; _22 += x22 * inverse;
        }

        public readonly void AddTo(Span<double> counts)
        {
            counts[0] += _00; counts[1] += _01; counts[2] += _02;
            counts[3] += _10; counts[4] += _11; counts[5] += _12;
            counts[6] += _20; counts[7] += _21; counts[8] += _22;
        }
    }
}
