"""Peer timing for `problatent bench vmp`: scikit-learn's BayesianGaussianMixture on the same benchmark mixture.

Draws N points from the three 2-D Gaussians of ProbLatent's Synthetic.ThreeGaussians (weights 0.5/0.3/0.2; the
distribution of ../shared/data/synthetic/mixture3_100k.csv), fits K = 3 with full covariances for a fixed number of
variational iterations, and prints milliseconds per iteration. Measuring only: ProbLatent does not depend on it.

    /usr/bin/python3 benchmarks/peers/sklearn_bayesian_mixture.py 10000 100000
"""
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture

WEIGHTS = [0.5, 0.3, 0.2]
MEANS = [[-5, -2], [5, -2], [0, 6]]
COVARIANCES = [[[1, 0.4], [0.4, 0.8]], [[0.7, -0.3], [-0.3, 1.2]], [[1.5, 0], [0, 0.5]]]
ITERATIONS = 50


def sample(n, rng):
    z = rng.choice(3, size=n, p=WEIGHTS)
    x = np.empty((n, 2))
    for k in range(3):
        idx = z == k
        x[idx] = rng.multivariate_normal(MEANS[k], COVARIANCES[k], size=idx.sum())
    return x


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)
    rng = np.random.default_rng(1)
    for n in (int(a) for a in (sys.argv[1:] or ["10000", "100000"])):
        x = sample(n, rng)
        model = BayesianGaussianMixture(n_components=3, covariance_type="full", max_iter=ITERATIONS, tol=0.0,
                                        n_init=1, init_params="kmeans", random_state=1)
        model.fit(x)  # warm-up
        start = time.perf_counter()
        model.fit(x)
        elapsed = time.perf_counter() - start
        print(f"{n} points: {elapsed / model.n_iter_ * 1000:.2f} ms per iteration "
              f"({model.n_iter_} iterations, including initialisation)")


if __name__ == "__main__":
    main()
