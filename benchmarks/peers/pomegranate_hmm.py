"""Peer timing for `problatent bench hmm`: pomegranate's Baum-Welch on the same sequences and number of iterations.

Reads the CSV that `problatent bench hmm --write-data FOLDER` writes (columns sequence, x1, x2; the rows of a sequence in
order), builds a 3-state hidden Markov model with full-covariance Gaussian emissions by pomegranate's own start
(`from_samples` with k-means, no Baum-Welch iteration timed), then times `fit` for exactly the given number of Baum-Welch
iterations and prints one JSON line: the milliseconds per iteration and log p(x) at the fitted parameters. The sequences
run on as many jobs as there are sequences, up to the cores. Measuring only: ProbLatent does not depend on it.

    /usr/bin/python3 benchmarks/peers/pomegranate_hmm.py --data FOLDER/hmm-100000x1.csv --iterations 10
"""
import argparse
import json
import os
import time

import numpy as np
from pomegranate import HiddenMarkovModel, MultivariateGaussianDistribution


def load_sequences(path):
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    ids = table[:, 0].astype(np.int64)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)]
    return [np.ascontiguousarray(table[s:e, 1:]) for s, e in zip(starts, ends)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--iterations", type=int, default=10)
    parser.add_argument("--states", type=int, default=3)
    args = parser.parse_args()

    sequences = load_sequences(args.data)
    jobs = min(len(sequences), os.cpu_count() or 1)
    model = HiddenMarkovModel.from_samples(MultivariateGaussianDistribution, n_components=args.states, X=sequences,
                                           max_iterations=1, verbose=False, n_jobs=jobs)
    start = time.perf_counter()
    model.fit(sequences, algorithm="baum-welch", min_iterations=args.iterations, max_iterations=args.iterations,
              stop_threshold=-np.inf, verbose=False, n_jobs=jobs)
    seconds = time.perf_counter() - start
    log_likelihood = float(sum(model.log_probability(s) for s in sequences))
    print(json.dumps({"ms_per_iteration": 1000 * seconds / args.iterations, "log_likelihood": log_likelihood,
                      "sequences": len(sequences), "jobs": jobs}))


if __name__ == "__main__":
    main()
