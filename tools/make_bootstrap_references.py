#!/usr/bin/env python3
"""Reference bootstrap intervals from SciPy's `scipy.stats.bootstrap`, for Evaluation's `Bootstrap`.

Run by hand (not in CI) after changing how intervals are computed:
    /tmp/venv-torch/bin/python tools/make_bootstrap_references.py     # any venv with numpy and scipy
It writes Tests/EvaluationTests/Fixtures/bootstrap.json. Every case is a vector of per-item scores of the
kinds the workbench's sweeps produce (GridPG shares with point masses at 0 and 1, pointing-game hits, AUCs,
similarities in [-1, 1], paired differences), and two kinds of reference:

1. `replay`: SciPy's interval (BCa and percentile) with `rng=np.random.default_rng(seed)`, and the resample
   indices that generator draws (SciPy draws them all at once, `rng.integers(0, n, (n_resamples, n))`, as
   `_bootstrap_resample` does with `batch=None`). Fed the same indices, the Swift implementation must give
   SciPy's interval to rounding: this checks the method itself (quantiles, z0, the jackknife acceleration).
2. `monte_carlo`: SciPy's interval with its default 9 999 resamples. The Swift side draws its own 9 999
   resamples from its own generator, so the two agree only up to Monte Carlo error. Its size, derived for
   the mean of n scores with plug-in standard deviation s (the bootstrap distribution of the mean is close
   to normal with sd s/sqrt(n)):
     percentile endpoint: the alpha-quantile of B draws has sd sqrt(alpha(1-alpha)/B) / f(q_alpha), with
       f(q_alpha) = phi(z_alpha) sqrt(n)/s, so  sd_pct = 2.671 s / sqrt(n B)  at alpha = 0.025;
     BCa adds the noise of z0 = Phi^-1(share below the mean): the share has sd 1/(2 sqrt(B)), z0 has sd
       1.2533/sqrt(B), and it enters the corrected level about twice, moving the endpoint by
       2.507 s / sqrt(n B); in quadrature  sd_bca = 3.66 s / sqrt(n B).
   For discrete scores (hits) the quantile moves in steps of 1/n, one of which is added to the bound.
   Each case also records the sd of SciPy's endpoints over 200 seeds (`empirical_sd`), which must lie
   near the derived one (checked here for n >= 20; with five items the upper BCa endpoint spreads four
   times as far as derived, the bootstrap distribution being far from normal), and the Swift test allows 4 sqrt(2) times the larger of the two:
   two independent estimates differ by more than that with probability below 1e-4.
"""
import base64
import json
import pathlib

import numpy as np
import scipy
import scipy.special
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "Tests" / "EvaluationTests" / "Fixtures" / "bootstrap.json"
REPLAY_RESAMPLES = 300
MONTE_CARLO_RESAMPLES = 9999
SEEDS_FOR_SPREAD = 200
PERCENTILE_FACTOR = 2.671   # sqrt(0.025 * 0.975) / phi(1.96)
BCA_FACTOR = 3.66           # sqrt(2.671**2 + 2.507**2)

rng = np.random.default_rng(26)


def cases():
    """(name, scores, paired partner or None, discrete)."""
    gridpg = np.clip(rng.beta(1.2, 1.6, 40) * 1.15, 0, 1)  # shares in the cell, with some exactly 1
    gridpg[:3] = 0.0
    yield "gridpg-shares", gridpg, None, False
    yield "pointing-hits", (rng.random(36) < 0.7).astype(float), None, True
    yield "insertion-auc", rng.lognormal(-1.5, 0.6, 30), None, False
    yield "sanity-spearman", np.tanh(rng.normal(0.3, 0.5, 25)), None, False
    base = np.clip(rng.beta(2, 3, 38), 0, 1)
    yield "var-minus-base", np.clip(base + rng.normal(0.12, 0.15, 38), 0, 1), base, False
    yield "five-items", np.array([0.25, 0.9, 0.4, 0.55, 0.31]), None, False


def interval(data, paired, method, resamples, seed):
    statistic = (lambda a, b, axis=-1: np.mean(a - b, axis=axis)) if paired else (lambda a, axis=-1: np.mean(a, axis=axis))
    result = stats.bootstrap(data, statistic, n_resamples=resamples, method=method, paired=paired,
                             rng=np.random.default_rng(seed))
    return [float(result.confidence_interval.low), float(result.confidence_interval.high)]


def main():
    records = []
    for name, scores, partner, discrete in cases():
        paired = partner is not None
        data = (scores, partner) if paired else (scores,)
        n = len(scores)
        differences = scores - partner if paired else scores
        # The indices SciPy's generator draws for one resampling pass (paired: of the observations' indices).
        indices = np.random.default_rng(7).integers(0, n, (REPLAY_RESAMPLES, n))
        assert indices.max() < 256
        replay = {method: interval(data, paired, method, REPLAY_RESAMPLES, 7) for method in ("bca", "percentile")}
        monte_carlo = {method: interval(data, paired, method, MONTE_CARLO_RESAMPLES, 11) for method in ("bca", "percentile")}
        spread = {}
        plug_in = float(np.std(differences))
        for method, factor in (("bca", BCA_FACTOR), ("percentile", PERCENTILE_FACTOR)):
            endpoints = np.array([interval(data, paired, method, MONTE_CARLO_RESAMPLES, 1000 + s) for s in range(SEEDS_FOR_SPREAD)])
            derived = factor * plug_in / np.sqrt(n * MONTE_CARLO_RESAMPLES)
            empirical = endpoints.std(axis=0, ddof=1).tolist()
            spread[method] = {"derived_sd": derived, "empirical_sd": empirical}
            # The derivation holds where the bootstrap distribution is near normal (n of 20 and more here); discrete
            # scores add a lattice step. Five items are far from normal: there the empirical spread is the bound.
            limit = 1.5 * derived + (1.0 / n if discrete else 0.0)
            assert n < 20 or max(empirical) <= limit, (name, method, empirical, derived)
            print(f"{name:16} {method:10} derived sd {derived:.5f}  empirical {empirical[0]:.5f} / {empirical[1]:.5f}")
        records.append({
            "name": name, "paired": paired, "discrete": discrete,
            "scores": scores.tolist(), "partner": partner.tolist() if paired else None,
            "replay": {"resamples": REPLAY_RESAMPLES, "indices": base64.b64encode(indices.astype(np.uint8).tobytes()).decode(),
                       **replay},
            "monte_carlo": {"resamples": MONTE_CARLO_RESAMPLES, **monte_carlo, "spread": spread},
        })
    # BCa's normal quantiles and CDF, across the tails it reaches.
    probabilities = [1e-300, 1e-12, 1e-6, 0.001, 0.02, 0.025, 0.1, 0.3, 0.5, 0.7, 0.975, 0.98, 0.999, 1 - 1e-9]
    normal = [{"p": p, "quantile": float(scipy.special.ndtri(p)), "cdf_of_quantile": float(scipy.special.ndtr(scipy.special.ndtri(p)))}
              for p in probabilities]
    OUTPUT.write_text(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "level": 0.95, "normal": normal,
                                  "cases": records},
                                 indent=1) + "\n")
    print("wrote", OUTPUT)


if __name__ == "__main__":
    main()
