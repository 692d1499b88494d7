"""Peer check for the README's stock-return HMMs: pomegranate's best Baum-Welch maximum over several starts.

Reads a CSV of one sequence (a header line, then one step per row, every column numeric), fits a hidden Markov model
with full-covariance Gaussian emissions from each of `--starts` k-means++ starts (numpy seeds 0, 1, ...), each run until
the change in log p(x) falls below 1e-9, and prints the number of states and the best log p(x) for each `--states`.
Measuring only: ProbLatent does not depend on it.

    /usr/bin/python3 benchmarks/peers/pomegranate_hmm_maximum.py --data path/to/eustock_returns.csv --states 2 3
"""
import argparse
import sys

import numpy as np
from pomegranate import HiddenMarkovModel, MultivariateGaussianDistribution


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--states", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--starts", type=int, default=10)
    args = parser.parse_args()

    steps = np.loadtxt(args.data, delimiter=",", skiprows=1)
    for k in args.states:
        best = -np.inf
        for seed in range(args.starts):
            np.random.seed(seed)
            try:
                model = HiddenMarkovModel.from_samples(MultivariateGaussianDistribution, n_components=k, X=[steps],
                                                       max_iterations=1000, stop_threshold=1e-9, verbose=False,
                                                       init="kmeans++", n_init=1)
                best = max(best, model.log_probability(steps))
            except Exception as error:  # a start pomegranate cannot fit (a singular covariance) is skipped, and said
                print(f"start {seed} of {k} states failed: {error}", file=sys.stderr)
        print(f"{k} states: log p(x) {best:.4f}", flush=True)


if __name__ == "__main__":
    main()
