"""Peer timing for `problatent bench rbm`: scikit-learn's BernoulliRBM on the same binary data, sizes and settings.

Reads a BMNIST01 file (16-byte header: magic, uint32 rows, uint32 cols; then MSB-first packed bits per row), trains
BernoulliRBM (persistent CD-1, scikit-learn's only method) with the given hidden units, learning rate, minibatch and
epochs, and prints one JSON line: the seconds per epoch of fit() and the mean pseudo-log-likelihood scikit-learn
reports on the first 1,000 rows. With --weights it writes the trained machine in the file `problatent import rbm`
turns into a .plm (and `bench rbm` reads): the 8 bytes RBMF64v1, uint32 visible and uint32 hidden units, then the weights
(hidden × visible, scikit-learn's components_), the visible biases and the hidden biases, all little-endian float64.
Measuring only: ProbLatent does not depend on it.

    /usr/bin/python3 benchmarks/peers/sklearn_bernoulli_rbm.py --data ../shared/data/binarized_mnist/train.bin --hidden 500 \
        --epochs 20 --weights sklearn-rbm500.f64
"""
import argparse
import json
import time

import numpy as np
from sklearn.neural_network import BernoulliRBM


def load_bmnist(path):
    raw = np.fromfile(path, dtype=np.uint8)
    if raw[:8].tobytes() != b"BMNIST01":
        raise ValueError(f"{path}: not a BMNIST01 file")
    rows, cols = (int(v) for v in raw[8:16].view("<u4"))
    bits = np.unpackbits(raw[16:16 + rows * cols // 8].reshape(rows, cols // 8), axis=1, bitorder="big")
    return bits.astype(np.float64)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--hidden", type=int, default=500)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--learning-rate", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weights")
    args = parser.parse_args()

    x = load_bmnist(args.data)
    rbm = BernoulliRBM(n_components=args.hidden, learning_rate=args.learning_rate, batch_size=args.batch_size,
                       n_iter=args.epochs, random_state=args.seed)
    start = time.perf_counter()
    rbm.fit(x)
    seconds = time.perf_counter() - start
    pseudo = float(rbm.score_samples(x[:1000]).mean())
    if args.weights:
        with open(args.weights, "wb") as f:
            f.write(b"RBMF64v1")
            np.array(rbm.components_.shape[::-1], dtype="<u4").tofile(f)
            for a in (rbm.components_, rbm.intercept_visible_, rbm.intercept_hidden_):
                np.ascontiguousarray(a, dtype="<f8").tofile(f)
    print(json.dumps({"seconds_per_epoch": seconds / args.epochs, "pseudo_log_likelihood": pseudo}))


if __name__ == "__main__":
    main()
