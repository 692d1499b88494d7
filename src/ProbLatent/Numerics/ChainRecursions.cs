using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// The recursions of a Markov chain with K states over one sequence of T steps, given the initial distribution π (K), the
/// transition matrix A (K×K row-major, row i the distribution of the next state after state i) and each step's emission
/// log-densities log p(xₜ | zₜ = k) (T×K row-major). Every buffer is the caller's, so a sequence runs in memory
/// proportional to T·K and allocates nothing per step. The passes over the steps read each step's shifted densities
/// exp(log p − mₜ), mₜ its largest log-density, which <see cref="Shift"/> computes beforehand a block of steps at a time
/// (vectorised, and in parallel where the caller runs blocks so); three states, the common small case, take the unrolled
/// passes of <see cref="ThreeStateRecursions"/>.
/// </summary>
internal static class ChainRecursions
{
    /// <summary>
    /// The scaled forward–backward algorithm (Rabiner 1989): α̂ₜ = p(zₜ | x₁..ₜ) by the forward pass with each step's
    /// predictive density cₜ = p(xₜ | x₁..ₜ₋₁) divided out, so nothing underflows however long the sequence, then the
    /// backward pass β̂ₜ scaled by the same cₜ, so that γₜ = α̂ₜ ⊙ β̂ₜ = p(zₜ | x) and
    /// ξₜ(i, j) = α̂ₜ₋₁(i) Aᵢⱼ p(xₜ | j) β̂ₜ(j) / cₜ = p(zₜ₋₁ = i, zₜ = j | x). Each step's emission densities enter as
    /// exp(log p − mₜ), and log cₜ + mₜ is the step's log p(xₜ | x₁..ₜ₋₁).
    /// </summary>
    /// <param name="logEmissions">T×K: log p(xₜ | zₜ = k).</param>
    /// <param name="gamma">T×K: the posterior marginals p(zₜ | x).</param>
    /// <param name="stepLogLikelihoods">T: log p(xₜ | x₁..ₜ₋₁), which add up to log p(x).</param>
    /// <param name="scales">T: working space for cₜ.</param>
    /// <param name="shifts">T: mₜ, computed here unless <paramref name="shifted"/>.</param>
    /// <param name="densities">T×K: the shifted densities exp(log p − mₜ), computed here unless <paramref name="shifted"/>.</param>
    /// <param name="transitionCounts">K×K: Σₜ ξₜ is added to it.</param>
    /// <param name="pairwise">(T − 1)×K×K: each ξₜ for t ≥ 1, or empty when only their sum is wanted.</param>
    /// <param name="shifted">Whether <paramref name="shifts"/> and <paramref name="densities"/> already hold <see cref="Shift"/>'s result.</param>
    /// <returns>log p(x), or −∞ when some step has probability 0 under the chain (then γ is not written).</returns>
    public static double ForwardBackward(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> logEmissions, int steps, int states,
        Span<double> gamma, Span<double> stepLogLikelihoods, Span<double> scales, Span<double> shifts, Span<double> densities, Span<double> transitionCounts,
        Span<double> pairwise, bool shifted = false)
    {
        int k = states;
        double logLikelihood = Forward(initial, transitions, logEmissions, steps, states, gamma, stepLogLikelihoods, scales, shifts, densities, shifted);
        if (double.IsNegativeInfinity(logLikelihood)) return logLikelihood;

        Span<double> beta = k <= 64 ? stackalloc double[k] : new double[k];
        Span<double> weighted = k <= 64 ? stackalloc double[k] : new double[k];
        beta.Fill(1);
        for (int t = steps - 1; t >= 1; t--)
        {
            var b = densities.Slice(t * k, k);
            for (int j = 0; j < k; j++) weighted[j] = b[j] * beta[j] / scales[t];
            var previous = gamma.Slice((t - 1) * k, k);
            var xi = pairwise.IsEmpty ? default : pairwise.Slice((t - 1) * k * k, k * k);
            // γₜ = α̂ₜ β̂ₜ replaces α̂ₜ only now, after ξₜ has read α̂ₜ₋₁ and before β̂ moves back a step.
            Marginal(gamma.Slice(t * k, k), beta);
            for (int i = 0; i < k; i++)
            {
                double next = 0, a = previous[i];
                for (int j = 0; j < k; j++)
                {
                    double product = transitions[i * k + j] * weighted[j];
                    next += product;
                    double pair = a * product;
                    transitionCounts[i * k + j] += pair;
                    if (!xi.IsEmpty) xi[i * k + j] = pair;
                }
                beta[i] = next;
            }
        }
        Marginal(gamma.Slice(0, k), beta);
        return logLikelihood;
    }

    /// <summary>
    /// <see cref="ForwardBackward"/> for one long sequence on two cores, from the shifted densities and shifts
    /// <see cref="Shift"/> wrote: the forward pass and a backward pass at once — the backward normalising each β̂ₜ to sum 1
    /// by itself instead of by the forward's cₜ, so it waits for nothing — then γₜ ∝ α̂ₜ ⊙ β̂ₜ, ξₜ ∝ α̂ₜ₋₁(i) Aᵢⱼ p(xₜ | j) β̂ₜ(j),
    /// each normalised per step, and the steps' log p(xₜ | x₁..ₜ₋₁), by halves. The halves are fixed by T and their sums
    /// added in order, so the result does not depend on which thread ran what (or whether the caller ran both). Three
    /// states go through half the passes (<see cref="ThreeStateRecursions.MeetInTheMiddle"/>).
    /// </summary>
    /// <param name="backward">T×K: working space for the normalised β̂ₜ.</param>
    public static double ForwardBackwardOnTwoCores(double[] initial, double[] transitions, int steps, int states,
        double[] gamma, double[] stepLogLikelihoods, double[] scales, double[] shifts, double[] densities, double[] backward, Span<double> transitionCounts)
    {
        if (states == 3) return ThreeStateRecursions.MeetInTheMiddle(initial, transitions, steps, gamma, stepLogLikelihoods, scales, shifts, densities, backward, transitionCounts);
        var job = new TwoCoreJob(initial, transitions, steps, states, gamma, stepLogLikelihoods, scales, shifts, densities, backward);
        WorkerPair.For(2, job, static (j, from, to) => { for (int i = from; i < to; i++) j.Pass(i); });
        if (!job.Reached[0] || !job.Reached[1]) return double.NegativeInfinity;
        WorkerPair.For(2, job, static (j, from, to) => { for (int i = from; i < to; i++) j.Half(i); });
        int kk = states * states;
        for (int i = 0; i < kk; i++) transitionCounts[i] += job.Counts[i] + job.Counts[kk + i];
        return job.LogLikelihoods[0] + job.LogLikelihoods[1];
    }

    /// <summary>The two passes and then the two halves of <see cref="ForwardBackwardOnTwoCores"/>, each an item either thread may run.</summary>
    sealed class TwoCoreJob(double[] initial, double[] transitions, int steps, int k, double[] gamma, double[] stepLogLikelihoods, double[] scales,
        double[] shifts, double[] densities, double[] backward)
    {
        readonly int _half = steps / 2;
        public readonly bool[] Reached = new bool[2];
        public readonly double[] Counts = new double[2 * k * k];
        public readonly double[] LogLikelihoods = new double[2];
        double[] _boundary = [];

        public void Pass(int item)
        {
            if (item == 0) Reached[0] = Filter(initial, transitions, densities, steps, k, gamma, scales);
            else Reached[1] = NormalisedBackward(transitions, densities, steps, k, backward);
            // The second half's first pair reads α̂ at the first half's last step, which the first half turns into γ.
            if (item == 0 && Reached[0] && _half > 0) _boundary = gamma.AsSpan((_half - 1) * k, k).ToArray();
        }

        public void Half(int item)
        {
            int from = item == 0 ? 0 : _half, to = item == 0 ? _half : steps;
            Marginals(transitions, densities, backward, gamma, k, from, to, item == 0 ? default : _boundary, Counts.AsSpan(item * k * k, k * k));
            LogLikelihoods[item] = StepLogLikelihoods(scales, shifts, stepLogLikelihoods, from, to);
        }
    }

    /// <summary>
    /// Each step's mₜ = maxₖ log p(xₜ | k) into <paramref name="shifts"/> and exp(log p − mₜ) into <paramref name="densities"/>
    /// (both as long as the steps given): the exponentials four at a time, except where a lane lies below −708, which
    /// <see cref="Math.Exp"/> takes (to 0 or a subnormal, as the vectorised one would not alike). A step whose states are
    /// all impossible gets densities 0.
    /// </summary>
    public static void Shift(ReadOnlySpan<double> logEmissions, Span<double> densities, Span<double> shifts, int k)
    {
        int steps = shifts.Length;
        if (k == 3) Shift3(logEmissions[..(3 * steps)], densities[..(3 * steps)], shifts);
        else
            for (int t = 0; t < steps; t++)
            {
                var l = logEmissions.Slice(t * k, k);
                var e = densities.Slice(t * k, k);
                double max = l[0];
                for (int i = 1; i < k; i++) if (l[i] > max) max = l[i];
                if (double.IsNegativeInfinity(max)) e.Fill(double.NegativeInfinity);
                else for (int i = 0; i < k; i++) e[i] = l[i] - max;
                shifts[t] = max;
            }
        Exponentiate(densities[..(steps * k)]);
    }

    /// <summary>The log-densities less their step's largest for three states, before <see cref="Shift"/> exponentiates them.</summary>
    static void Shift3(ReadOnlySpan<double> logEmissions, Span<double> densities, Span<double> shifts)
    {
        for (int t = 0; t < shifts.Length; t++)
        {
            double l0 = logEmissions[3 * t], l1 = logEmissions[3 * t + 1], l2 = logEmissions[3 * t + 2];
            double max = l0;
            if (l1 > max) max = l1;
            if (l2 > max) max = l2;
            // A step whose states are all impossible keeps −∞, which exponentiates to 0 (−∞ − −∞ would be NaN).
            double shift = double.IsNegativeInfinity(max) ? 0 : max;
            densities[3 * t] = l0 - shift;
            densities[3 * t + 1] = l1 - shift;
            densities[3 * t + 2] = l2 - shift;
            shifts[t] = max;
        }
    }

    /// <summary>eᵛ in place; lanes in groups of four from the start of <paramref name="values"/>, so the result depends on nothing but the values.</summary>
    static void Exponentiate(Span<double> values)
    {
        var lowest = Vector256.Create(-708.0);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i + 4 <= values.Length; i += 4)
            {
                var v = Vector256.Create<double>(values.Slice(i, 4));
                if (Vector256.GreaterThanOrEqualAll(v, lowest)) Vector256.Exp(v).CopyTo(values.Slice(i, 4));
                else for (int l = i; l < i + 4; l++) values[l] = Math.Exp(values[l]);
            }
        for (; i < values.Length; i++) values[i] = Math.Exp(values[i]);
    }

    /// <summary>log p(xₜ | x₁..ₜ₋₁) = log cₜ + mₜ for steps [<paramref name="from"/>, <paramref name="to"/>), and their sum in step order.</summary>
    internal static double StepLogLikelihoods(ReadOnlySpan<double> scales, ReadOnlySpan<double> shifts, Span<double> stepLogLikelihoods, int from, int to)
    {
        double sum = 0;
        for (int t = from; t < to; t++) sum += stepLogLikelihoods[t] = Math.Log(scales[t]) + shifts[t];
        return sum;
    }

    /// <summary>
    /// The scaled forward recursion over shifted densities: α̂ₜ into <paramref name="filtered"/> and cₜ into
    /// <paramref name="scales"/>; false when a step has no probability (then the rest is not written).
    /// </summary>
    static bool Filter(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, int steps, int k,
        Span<double> filtered, Span<double> scales)
    {
        if (k == 3) return ThreeStateRecursions.Filter(initial, transitions, densities, steps, filtered, scales);
        for (int t = 0; t < steps; t++)
        {
            var b = densities.Slice(t * k, k);
            var alpha = filtered.Slice(t * k, k);
            if (t == 0)
                for (int j = 0; j < k; j++) alpha[j] = initial[j] * b[j];
            else
            {
                var previous = filtered.Slice((t - 1) * k, k);
                for (int j = 0; j < k; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < k; i++) sum += previous[i] * transitions[i * k + j];
                    alpha[j] = sum * b[j];
                }
            }
            double c = 0;
            for (int j = 0; j < k; j++) c += alpha[j];
            if (!(c > 0)) return false;
            for (int j = 0; j < k; j++) alpha[j] /= c;
            scales[t] = c;
        }
        return true;
    }

    /// <summary>β̂ₜ ∝ p(xₜ₊₁..T | zₜ) normalised to sum 1 at every step; false when a step leaves every state none.</summary>
    static bool NormalisedBackward(ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, int steps, int k, Span<double> backward)
    {
        if (k == 3) return ThreeStateRecursions.NormalisedBackward(transitions, densities, steps, 0, backward);
        Span<double> weighted = k <= 64 ? stackalloc double[k] : new double[k];
        backward.Slice((steps - 1) * k, k).Fill(1.0 / k);
        for (int t = steps - 1; t >= 1; t--)
        {
            var b = densities.Slice(t * k, k);
            var beta = backward.Slice(t * k, k);
            var previous = backward.Slice((t - 1) * k, k);
            for (int j = 0; j < k; j++) weighted[j] = b[j] * beta[j];
            double sum = 0;
            for (int i = 0; i < k; i++)
            {
                double next = 0;
                var row = transitions.Slice(i * k, k);
                for (int j = 0; j < k; j++) next += row[j] * weighted[j];
                previous[i] = next;
                sum += next;
            }
            if (!(sum > 0)) return false;
            double inverse = 1 / sum;
            for (int i = 0; i < k; i++) previous[i] *= inverse;
        }
        return true;
    }

    /// <summary>
    /// γₜ and Σ ξₜ over steps [<paramref name="from"/>, <paramref name="to"/>), last step first so that each ξₜ reads α̂ₜ₋₁
    /// before it becomes γₜ₋₁; <paramref name="boundary"/> is α̂ at <paramref name="from"/> − 1 when another range turns it into γ.
    /// </summary>
    static void Marginals(ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, ReadOnlySpan<double> backward, Span<double> gamma, int k,
        int from, int to, ReadOnlySpan<double> boundary, Span<double> transitionCounts)
    {
        if (k == 3)
        {
            ThreeStateRecursions.Marginals(transitions, densities, backward, gamma, from, to, boundary, transitionCounts);
            return;
        }
        Span<double> weighted = k <= 64 ? stackalloc double[k] : new double[k];
        Span<double> pairs = k <= 16 ? stackalloc double[k * k] : new double[k * k];
        for (int t = to - 1; t >= from; t--)
        {
            var beta = backward.Slice(t * k, k);
            if (t >= 1)
            {
                var b = densities.Slice(t * k, k);
                var previous = t == from && !boundary.IsEmpty ? boundary : gamma.Slice((t - 1) * k, k);
                for (int j = 0; j < k; j++) weighted[j] = b[j] * beta[j];
                double sum = 0;
                for (int i = 0; i < k; i++)
                {
                    double a = previous[i];
                    var row = transitions.Slice(i * k, k);
                    for (int j = 0; j < k; j++) sum += pairs[i * k + j] = a * row[j] * weighted[j];
                }
                double inverse = 1 / sum;
                for (int i = 0; i < k * k; i++) transitionCounts[i] += pairs[i] * inverse;
            }
            Marginal(gamma.Slice(t * k, k), beta);
        }
    }

    /// <summary>
    /// The scaled forward pass alone: α̂ₜ = p(zₜ | x₁..ₜ) into <paramref name="filtered"/> (T×K), each step's scale cₜ, shift
    /// mₜ and log p(xₜ | x₁..ₜ₋₁) — for any positive potentials, whose log normaliser it then returns (−∞ when a step has none).
    /// The shifted densities exp(log p − mₜ) are kept in <paramref name="densities"/> (T×K), computed here unless <paramref name="shifted"/>.
    /// </summary>
    public static double Forward(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> logEmissions, int steps, int states,
        Span<double> filtered, Span<double> stepLogLikelihoods, Span<double> scales, Span<double> shifts, Span<double> densities, bool shifted = false)
    {
        int k = states;
        if (densities.Length < steps * k) throw new ArgumentException($"ChainRecursions: {steps} steps of {k} states need {steps * k} densities of working space, not {densities.Length}");
        if (!shifted) Shift(logEmissions[..(steps * k)], densities, shifts[..steps], k);
        if (!Filter(initial, transitions, densities, steps, k, filtered, scales)) return double.NegativeInfinity;
        return StepLogLikelihoods(scales, shifts, stepLogLikelihoods, 0, steps);
    }

    /// <summary>
    /// One path drawn from the chain q(z) ∝ initial(z₁) Πₜ transitions(zₜ₋₁, zₜ) Πₜ exp(logEmissions[t, zₜ]) by forward
    /// filtering and backward sampling: z_T ~ α̂_T, then zₜ ∝ α̂ₜ(i) transitions(i, zₜ₊₁) back to the first step.
    /// </summary>
    /// <returns>The log normaliser log Z of the potentials, so that log q(z) = log of the path's potentials − log Z.</returns>
    public static double SamplePath(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> logEmissions, int steps, int states,
        Random random, Span<int> path)
    {
        int k = states;
        var filtered = new double[steps * k];
        var densities = new double[steps * k];
        var work = new double[3 * steps];
        double logNormaliser = Forward(initial, transitions, logEmissions, steps, k, filtered, work.AsSpan(0, steps), work.AsSpan(steps, steps), work.AsSpan(2 * steps, steps), densities);
        if (double.IsNegativeInfinity(logNormaliser)) throw new InvalidOperationException("the chain's potentials give no path a positive weight");
        var weights = new double[k];
        path[steps - 1] = random.NextCategorical(filtered.AsSpan((steps - 1) * k, k));
        for (int t = steps - 2; t >= 0; t--)
        {
            for (int i = 0; i < k; i++) weights[i] = filtered[t * k + i] * transitions[i * k + path[t + 1]];
            path[t] = random.NextCategorical(weights);
        }
        return logNormaliser;
    }

    /// <summary>γ = α̂ ⊙ β̂ in place over α̂, renormalised against rounding (it sums to 1 exactly in exact arithmetic).</summary>
    static void Marginal(Span<double> alpha, ReadOnlySpan<double> beta)
    {
        double sum = 0;
        for (int j = 0; j < alpha.Length; j++) sum += alpha[j] *= beta[j];
        for (int j = 0; j < alpha.Length; j++) alpha[j] /= sum;
    }

    /// <summary>
    /// The most probable path (Viterbi 1967) in log space: δₜ(j) = maxᵢ [δₜ₋₁(i) + log Aᵢⱼ] + log p(xₜ | j), with the best
    /// predecessor of every state at every step kept in <paramref name="backPointers"/> (T×K) and the path traced back from
    /// the best final state. Ties go to the lowest state.
    /// </summary>
    /// <returns>log p(x, z*) of the path written to <paramref name="path"/>.</returns>
    public static double Viterbi(ReadOnlySpan<double> logInitial, ReadOnlySpan<double> logTransitions, ReadOnlySpan<double> logEmissions, int steps, int states,
        Span<int> backPointers, Span<int> path)
    {
        int k = states;
        Span<double> delta = k <= 64 ? stackalloc double[k] : new double[k];
        Span<double> next = k <= 64 ? stackalloc double[k] : new double[k];
        for (int j = 0; j < k; j++) delta[j] = logInitial[j] + logEmissions[j];
        for (int t = 1; t < steps; t++)
        {
            var emission = logEmissions.Slice(t * k, k);
            var pointers = backPointers.Slice(t * k, k);
            for (int j = 0; j < k; j++)
            {
                int best = 0;
                double bestScore = delta[0] + logTransitions[j];
                for (int i = 1; i < k; i++)
                {
                    double score = delta[i] + logTransitions[i * k + j];
                    if (score > bestScore)
                    {
                        bestScore = score;
                        best = i;
                    }
                }
                next[j] = bestScore + emission[j];
                pointers[j] = best;
            }
            next.CopyTo(delta);
        }
        int state = 0;
        for (int j = 1; j < k; j++) if (delta[j] > delta[state]) state = j;
        double logJoint = delta[state];
        for (int t = steps - 1; t >= 0; t--)
        {
            path[t] = state;
            if (t > 0) state = backPointers[t * k + state];
        }
        return logJoint;
    }
}
