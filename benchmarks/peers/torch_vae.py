"""Peer measurement for ProbLatent's VAE benchmark: the same model trained with PyTorch on binarized MNIST.

Encoder 784-200-200 (tanh) with 50-d mean and log-variance heads, decoder 50-200-200-784 (tanh, Bernoulli logits),
loss -ELBO with analytic KL and one reparameterized sample, batch 100, Adam lr 1e-3, float32. Prints per-epoch train
ELBO (running average over the epoch's minibatches), test ELBO on all 10,000 test rows, training seconds and
samples/s; at the end the full-train-set ELBO, test ELBO and an IWAE-K estimate of log p(x) on every 10th test row.
Measuring only: ProbLatent does not depend on it.

    /usr/bin/python3 benchmarks/peers/torch_vae.py --threads 1 --epochs 10 --init glorot --seed 1
"""
import argparse
import ctypes
import math
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

DEFAULT_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "binarized_mnist"


def load_bmnist(path):
    """Reads a BMNIST01 file: 16-byte header (magic, uint32 rows, uint32 cols), then MSB-first packed bits per row."""
    raw = np.fromfile(path, dtype=np.uint8)
    if raw[:8].tobytes() != b"BMNIST01":
        raise ValueError(f"{path}: bad magic")
    rows, cols = (int(v) for v in raw[8:16].view("<u4"))
    bits = np.unpackbits(raw[16:16 + rows * cols // 8].reshape(rows, cols // 8), axis=1, bitorder="big")
    return torch.from_numpy(bits.astype(np.float32))


class VAE(nn.Module):
    def __init__(self, d=784, h=200, z=50):
        super().__init__()
        self.enc = nn.Sequential(nn.Linear(d, h), nn.Tanh(), nn.Linear(h, h), nn.Tanh())
        self.mu, self.logvar = nn.Linear(h, z), nn.Linear(h, z)
        self.dec = nn.Sequential(nn.Linear(z, h), nn.Tanh(), nn.Linear(h, h), nn.Tanh(), nn.Linear(h, d))

    def encode(self, x):
        h = self.enc(x)
        return self.mu(h), self.logvar(h)

    def elbo(self, x):
        """Per-row single-sample ELBO with analytic KL."""
        mu, logvar = self.encode(x)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        rec = -F.binary_cross_entropy_with_logits(self.dec(z), x, reduction="none").sum(1)
        kl = -0.5 * (1 + logvar - mu.pow(2) - logvar.exp()).sum(1)
        return rec - kl

    def iwae(self, x, k):
        """Per-row importance-weighted estimate of log p(x) with k samples from q(z|x)."""
        mu, logvar = self.encode(x)                                     # (B, Z)
        std = torch.exp(0.5 * logvar)
        eps = torch.randn(k, *mu.shape)
        z = mu + std * eps                                              # (K, B, Z)
        logits = self.dec(z)                                            # (K, B, D)
        log_px_z = -F.binary_cross_entropy_with_logits(logits, x.expand_as(logits), reduction="none").sum(-1)
        log_pz = -0.5 * (z.pow(2) + math.log(2 * math.pi)).sum(-1)
        log_qz = -0.5 * (eps.pow(2) + logvar + math.log(2 * math.pi)).sum(-1)
        return torch.logsumexp(log_px_z + log_pz - log_qz, dim=0) - math.log(k)


def glorot(model):
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)


@torch.no_grad()
def mean_elbo(model, x, batch=1000):
    return torch.cat([model.elbo(x[i:i + batch]) for i in range(0, len(x), batch)]).mean().item()


@torch.no_grad()
def iwae_estimate(model, x, k, max_samples=20000):
    rows = max(1, max_samples // k)                                     # bounds the (K, rows, 784) tensor
    lp = torch.cat([model.iwae(x[i:i + rows], k) for i in range(0, len(x), rows)])
    return lp.mean().item(), (lp.std(unbiased=True) / math.sqrt(len(lp))).item()


def blas_libraries():
    try:
        with open("/proc/self/maps") as f:
            return sorted({line.split()[-1] for line in f if "blas" in line.lower()})
    except OSError:
        return ["unknown"]


def set_blas_threads(n):
    """torch.set_num_threads does not reach an external OpenBLAS (Debian's torch is a generic-BLAS build)."""
    for lib in blas_libraries():
        if "openblas" in Path(lib).name:
            ctypes.CDLL(lib).openblas_set_num_threads(n)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--init", choices=["glorot", "torch"], default="glorot")
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--iwae", type=int, default=1000, metavar="K")
    p.add_argument("--iwae-every", type=int, default=10)
    p.add_argument("--no-iwae", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    set_blas_threads(a.threads)
    torch.manual_seed(a.seed)
    train, test = load_bmnist(a.data / "train.bin"), load_bmnist(a.data / "test.bin")
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, BLAS {' '.join(blas_libraries())}")
    print(f"train {tuple(train.shape)}, test {tuple(test.shape)}, init {a.init}, seed {a.seed}, batch {a.batch}")

    model = VAE()
    if a.init == "glorot":
        glorot(model)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    shuffle = torch.Generator().manual_seed(a.seed)
    n = len(train)
    seconds = []
    print(f"{'epoch':>5} {'train ELBO':>11} {'test ELBO':>10} {'train s':>8} {'samples/s':>10}")
    for epoch in range(1, a.epochs + 1):
        model.train()
        start = time.perf_counter()
        perm = torch.randperm(n, generator=shuffle)
        total, batches = 0.0, 0
        for i in range(0, n, a.batch):
            loss = -model.elbo(train[perm[i:i + a.batch]]).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total, batches = total - loss.item(), batches + 1
        seconds.append(time.perf_counter() - start)
        model.eval()
        test_elbo = mean_elbo(model, test)
        print(f"{epoch:5d} {total / batches:11.3f} {test_elbo:10.3f} {seconds[-1]:8.2f} {n / seconds[-1]:10.0f}",
              flush=True)

    print(f"final: train ELBO {mean_elbo(model, train):.3f} (full train set, after training), "
          f"test ELBO {test_elbo:.3f}")
    if not a.no_iwae:
        start = time.perf_counter()
        rows = test[::a.iwae_every]
        mean, se = iwae_estimate(model, rows, a.iwae)
        print(f"final: IWAE-{a.iwae} log p(x) {mean:.3f} ± {se:.3f} (s.e.) on {len(rows)} test rows "
              f"(every {a.iwae_every}th), {time.perf_counter() - start:.1f} s")
    print(f"final: seconds/epoch mean {sum(seconds) / len(seconds):.2f}, min {min(seconds):.2f}, "
          f"samples/s at mean {n / (sum(seconds) / len(seconds)):.0f}")


if __name__ == "__main__":
    main()
