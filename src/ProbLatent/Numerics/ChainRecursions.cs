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
    /// The scaled forward pass alone: α̂ₜ = p(zₜ | x₁..ₜ) into <paramref name="filtered"/> (T×K), each step's scale cₜ, shift
    /// mₜ and log p(xₜ | x₁..ₜ₋₁) — for any positive potentials, whose log normaliser it then returns (−∞ when a step has none).
    /// With <paramref name="densities"/> (T×K) each step's shifted densities exp(log p − mₜ) are kept there.
    /// </summary>
    public static double Forward(ReadOnlySpan<double> initial, ReadOnlySpan<double> transitions, ReadOnlySpan<double> logEmissions, int steps, int states,
        Span<double> filtered, Span<double> stepLogLikelihoods, Span<double> scales, Span<double> shifts, Span<double> densities = default)
    {
        int k = states;
        double logLikelihood = 0;
        bool keep = !densities.IsEmpty;
        Span<double> step = keep ? default : k <= 64 ? stackalloc double[k] : new double[k];
        for (int t = 0; t < steps; t++)
        {
            var b = keep ? densities.Slice(t * k, k) : step;
            double shift = Shifted(logEmissions.Slice(t * k, k), b);
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
