namespace ProbLatent.Numerics;

/// <summary>
/// The recursions of a Markov chain with K states over one sequence of T steps, given the initial distribution π (K), the
/// transition matrix A (K×K row-major, row i the distribution of the next state after state i) and each step's emission
/// log-densities log p(xₜ | zₜ = k) (T×K row-major). Every buffer is the caller's, so a sequence runs in memory
/// proportional to T·K and allocates nothing per step.
/// </summary>
internal static class ChainRecursions
{
    /// <summary>
    /// The scaled forward–backward algorithm (Rabiner 1989): α̂ₜ = p(zₜ | x₁..ₜ) by the forward pass with each step's
    /// predictive density cₜ = p(xₜ | x₁..ₜ₋₁) divided out, so nothing underflows however long the sequence, then the
    /// backward pass β̂ₜ scaled by the same cₜ, so that γₜ = α̂ₜ ⊙ β̂ₜ = p(zₜ | x) and
    /// ξₜ(i, j) = α̂ₜ₋₁(i) Aᵢⱼ p(xₜ | j) β̂ₜ(j) / cₜ = p(zₜ₋₁ = i, zₜ = j | x). Each step's emission densities enter as
    /// exp(log p − mₜ), mₜ their largest log-density, and log cₜ + mₜ is the step's log p(xₜ | x₁..ₜ₋₁).
    /// </summary>
    /// <param name="logEmissions">T×K: log p(xₜ | zₜ = k).</param>
    /// <param name="gamma">T×K: the posterior marginals p(zₜ | x).</param>
    /// <param name="stepLogLikelihoods">T: log p(xₜ | x₁..ₜ₋₁), which add up to log p(x).</param>
    /// <param name="scales">T: working space for cₜ.</param>
    /// <param name="shifts">T: working space for mₜ.</param>
    /// <param name="densities">T×K: working space for the shifted densities exp(log p − mₜ), which the backward pass reads again rather than recompute.</param>
    /// <param name="transitionCounts">K×K: Σₜ ξₜ is added to it.</param>
    /// <param name="pairwise">(T − 1)×K×K: each ξₜ for t ≥ 1, or empty when only their sum is wanted.</param>
    /// <returns>log p(x), or −∞ when some step has probability 0 under the chain (then γ is not written).</returns>
    public static double ForwardBackward(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> logEmissions, int steps, int states,
        Span<double> gamma, Span<double> stepLogLikelihoods, Span<double> scales, Span<double> shifts, Span<double> densities, Span<double> transitionCounts,
        Span<double> pairwise)
    {
        int k = states;
        if (densities.Length < steps * k) throw new ArgumentException($"ChainRecursions: {steps} steps of {k} states need {steps * k} densities of working space, not {densities.Length}");
        double logLikelihood = Forward(initial, transitions, logEmissions, steps, states, gamma, stepLogLikelihoods, scales, shifts, densities);
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
    /// <see cref="ForwardBackward"/> for one long sequence on two cores: the shifted densities by halves of the time range,
    /// then the forward pass and a backward pass at once — the backward normalising each β̂ₜ to sum 1 by itself instead of
    /// by the forward's cₜ, so it waits for nothing — then γₜ ∝ α̂ₜ ⊙ β̂ₜ and ξₜ ∝ α̂ₜ₋₁(i) Aᵢⱼ p(xₜ | j) β̂ₜ(j), each
    /// normalised per step, by halves. log p(x) is the forward's alone. The halves are fixed by T and their transition
    /// counts added in order, so the result does not depend on which thread ran what.
    /// </summary>
    /// <param name="backward">T×K: working space for the normalised β̂ₜ.</param>
    public static double ForwardBackwardOnTwoCores(double[] initial, double[] transitions, double[] logEmissions, int steps, int states,
        double[] gamma, double[] stepLogLikelihoods, double[] scales, double[] shifts, double[] densities, double[] backward, Span<double> transitionCounts)
    {
        int k = states, half = steps / 2;
        Parallel.Invoke(() => ShiftRange(logEmissions, densities, shifts, 0, half, k), () => ShiftRange(logEmissions, densities, shifts, half, steps, k));
        double logLikelihood = 0;
        bool reached = true;
        Parallel.Invoke(
            () => logLikelihood = Forward(initial, transitions, logEmissions, steps, k, gamma, stepLogLikelihoods, scales, shifts, densities, shifted: true),
            () => reached = NormalisedBackward(transitions, densities, steps, k, backward));
        if (double.IsNegativeInfinity(logLikelihood) || !reached) return double.NegativeInfinity;
        // The second half's first pair reads α̂ at the first half's last step, which the first half turns into γ.
        var boundary = half > 0 ? gamma.AsSpan((half - 1) * k, k).ToArray() : [];
        var counts = new double[2 * k * k];
        Parallel.Invoke(
            () => Marginals(transitions, densities, backward, gamma, k, 0, half, default, counts.AsSpan(0, k * k)),
            () => Marginals(transitions, densities, backward, gamma, k, half, steps, boundary, counts.AsSpan(k * k, k * k)));
        for (int i = 0; i < k * k; i++) transitionCounts[i] += counts[i] + counts[k * k + i];
        return logLikelihood;
    }

    static void ShiftRange(double[] logEmissions, double[] densities, double[] shifts, int from, int to, int k)
    {
        for (int t = from; t < to; t++) shifts[t] = Shifted(logEmissions.AsSpan(t * k, k), densities.AsSpan(t * k, k));
    }

    /// <summary>β̂ₜ ∝ p(xₜ₊₁..T | zₜ) normalised to sum 1 at every step; false when a step leaves every state none.</summary>
    static bool NormalisedBackward(ReadOnlySpan<double> transitions, ReadOnlySpan<double> densities, int steps, int k, Span<double> backward)
    {
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
    /// With <paramref name="densities"/> (T×K) each step's shifted densities exp(log p − mₜ) are kept there.
    /// </summary>
    public static double Forward(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> logEmissions, int steps, int states,
        Span<double> filtered, Span<double> stepLogLikelihoods, Span<double> scales, Span<double> shifts, Span<double> densities = default, bool shifted = false)
    {
        int k = states;
        double logLikelihood = 0;
        bool keep = !densities.IsEmpty;
        Span<double> step = keep ? default : k <= 64 ? stackalloc double[k] : new double[k];
        for (int t = 0; t < steps; t++)
        {
            var b = keep ? densities.Slice(t * k, k) : step;
            double shift = shifted ? shifts[t] : Shifted(logEmissions.Slice(t * k, k), b);
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
            if (!(c > 0)) return double.NegativeInfinity;
            for (int j = 0; j < k; j++) alpha[j] /= c;
            scales[t] = c;
            shifts[t] = shift;
            stepLogLikelihoods[t] = Math.Log(c) + shift;
            logLikelihood += stepLogLikelihoods[t];
        }

        return logLikelihood;
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
        var work = new double[3 * steps];
        double logNormaliser = Forward(initial, transitions, logEmissions, steps, k, filtered, work.AsSpan(0, steps), work.AsSpan(steps, steps), work.AsSpan(2 * steps, steps));
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

    /// <summary>The densities exp(log p − m) into <paramref name="densities"/>, m the largest log-density, which is returned.</summary>
    static double Shifted(ReadOnlySpan<double> logDensities, Span<double> densities)
    {
        double max = logDensities[0];
        for (int i = 1; i < logDensities.Length; i++) if (logDensities[i] > max) max = logDensities[i];
        for (int i = 0; i < logDensities.Length; i++) densities[i] = Math.Exp(logDensities[i] - max);
        return max;
    }
}
