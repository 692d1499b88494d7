"""Peer timing for `problatent bench em` and `bench vmp`: scikit-learn's GaussianMixture (EM) and BayesianGaussianMixture
(variational) on the benchmark mixture's points, K = 3, full covariances.

Each size is fitted from scikit-learn's k-means start for one iteration (untimed: the start, and a warm-up), then
continued from there (warm_start) for a fixed number of iterations with tol = 0, timed: milliseconds per iteration of
the iterations alone, as ProbLatent's bench reports its own after setup. The last line printed is JSON.

Run by `problatent bench em|vmp --peer` with the bench's own points (float64 files, two columns), or by hand on points it
draws from the same three Gaussians:

    /usr/bin/python3 benchmarks/peers/sklearn_gaussian_mixture.py --iterations 50 --rows 10000,100000

Set OPENBLAS_CORETYPE (SkylakeX on an AVX-512 processor, Haswell on AVX2) where OpenBLAS does not know the processor:
it otherwise falls back to its SSE3 kernels (the bench sets it). Measuring only: ProbLatent does not depend on it.
"""
import argparse
import json
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import BayesianGaussianMixture, GaussianMixture

WEIGHTS = [0.5, 0.3, 0.2]
MEANS = [[-5, -2], [5, -2], [0, 6]]
COVARIANCES = [[[1, 0.4], [0.4, 0.8]], [[0.7, -0.3], [-0.3, 1.2]], [[1.5, 0], [0, 0.5]]]


def sample(n, rng):
    z = rng.choice(3, size=n, p=WEIGHTS)
    x = np.empty((n, 2))
    for k in range(3):
        idx = z == k
        x[idx] = rng.multivariate_normal(MEANS[k], COVARIANCES[k], size=idx.sum())
    return x


def per_iteration(cls, x, iterations):
    """Milliseconds per iteration after the start, and the iterations run."""
    model = cls(n_components=3, covariance_type="full", max_iter=1, tol=0.0, n_init=1, init_params="kmeans",
                random_state=1, warm_start=True)
    model.fit(x)
    model.max_iter = iterations
    start = time.perf_counter()
    model.fit(x)
    elapsed = time.perf_counter() - start
    return elapsed / model.n_iter_ * 1000, model.n_iter_


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--rows", default="10000,100000", help="sizes to draw when no files are given")
    parser.add_argument("files", nargs="*", help="float64 files of points, two columns, row after row")
    args = parser.parse_args()
    warnings.simplefilter("ignore", ConvergenceWarning)
    if args.files:
        sets = [np.fromfile(f, dtype="<f8").reshape(-1, 2) for f in args.files]
    else:
        rng = np.random.default_rng(1)
        sets = [sample(int(n), rng) for n in args.rows.split(",")]
    sizes = []
    for x in sets:
        em, em_iterations = per_iteration(GaussianMixture, x, args.iterations)
        vmp, vmp_iterations = per_iteration(BayesianGaussianMixture, x, args.iterations)
        print(f"{len(x)} points: GaussianMixture {em:.2f} ms per iteration ({em_iterations}), "
              f"BayesianGaussianMixture {vmp:.2f} ms ({vmp_iterations})", flush=True)
        sizes.append({"n": len(x), "em_ms": em, "vmp_ms": vmp, "em_iterations": em_iterations, "vmp_iterations": vmp_iterations})
    print(json.dumps({"version": sklearn.__version__, "sizes": sizes}))


if __name__ == "__main__":
    main()
