"""Web audience segments: a latent-class model (a mixture of categorical distributions, one
per feature block) fitted by EM, as a scikit-learn estimator, and the choice of k.

Why not KMeans or a Gaussian mixture on scaled shares: a user with two sessions has shares of
0, 0.5 or 1, and scaling treats that noise like a strong signal; the segments the site
actually has (who reads which topics, when, from which device and channel) are distributions
over categories. The latent-class model scores each user by the likelihood of their counts,
so a heavy user's 40 sessions weigh more than a one-off visit — which is exactly the evidence
there is. It is initialised from scikit-learn's KMeans (k-means++) on Hellinger-transformed
shares, n_init times, and keeps the run with the highest likelihood.

k is chosen within a range by BIC (the smallest), among fits whose every segment holds at
least `min_size` users (the privacy suppression threshold), on a seeded subsample of at most
`selection_sample` users.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

Blocks = tuple[tuple[int, int], ...]  # [start, stop) column ranges, one per feature block


def hellinger(x: np.ndarray, blocks: Blocks) -> np.ndarray:
    """Per block: the square root of the user's shares (0 where the block is empty)."""
    out = np.zeros(x.shape, dtype=np.float32)
    for start, stop in blocks:
        part = x[:, start:stop]
        total = part.sum(axis=1, keepdims=True)
        out[:, start:stop] = np.sqrt(part / np.maximum(total, 1e-12))
    return out


class LatentClassMixture(ClusterMixin, BaseEstimator):  # type: ignore[misc]
    """Mixture of independent categorical distributions, one per column block of X (counts).

    Parameters follow scikit-learn's mixtures: n_components, n_init, max_iter, tol (on the mean
    log-likelihood per row), random_state; `alpha` is the Dirichlet smoothing added to every
    level's expected count in the M step.
    """

    def __init__(
        self,
        n_components: int = 7,
        blocks: Blocks = (),
        alpha: float = 0.5,
        n_init: int = 4,
        max_iter: int = 300,
        tol: float = 1e-7,
        random_state: int = 0,
        warm_start: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        self.n_components = n_components
        self.blocks = blocks
        self.alpha = alpha
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.warm_start = warm_start

    # --- EM -----------------------------------------------------------------------------
    def _blocks(self, x: np.ndarray) -> Blocks:
        return self.blocks or ((0, x.shape[1]),)

    def _m_step(self, x: np.ndarray, resp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        nk = resp.sum(axis=0) + 1e-9
        weights = nk / nk.sum()
        expected = (resp.T @ x).astype(np.float64) + self.alpha
        log_theta = np.empty_like(expected)
        for start, stop in self._blocks(x):
            part = expected[:, start:stop]
            log_theta[:, start:stop] = np.log(part / part.sum(axis=1, keepdims=True))
        return weights, log_theta

    @staticmethod
    def _joint(x: np.ndarray, weights: np.ndarray, log_theta: np.ndarray) -> np.ndarray:
        return (x @ log_theta.T.astype(np.float32)).astype(np.float64) + np.log(weights)

    def _em(
        self, x: np.ndarray, resp: np.ndarray, w: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, float, int]:
        previous = -np.inf
        weights, log_theta = self._m_step(x, resp * w[:, None])
        mean_ll = previous
        n_iter = 0
        for _ in range(self.max_iter):
            n_iter += 1
            joint = self._joint(x, weights, log_theta)
            norm = logsumexp(joint, axis=1, keepdims=True)
            mean_ll = float(np.average(norm[:, 0], weights=w))
            resp = np.exp(joint - norm).astype(np.float32)
            weights, log_theta = self._m_step(x, resp * w[:, None])
            if abs(mean_ll - previous) < self.tol * max(1.0, abs(mean_ll)):
                break
            previous = mean_ll
        return weights, log_theta, mean_ll, n_iter

    def fit(
        self, X: np.ndarray, y: object = None, sample_weight: np.ndarray | None = None
    ) -> LatentClassMixture:
        """Fit; `sample_weight` (e.g. survey weights) is rescaled to mean 1."""
        x = np.asarray(X, dtype=np.float32)
        k = int(self.n_components)
        if x.shape[0] < k:
            raise ValueError(f"need at least {k} rows to fit {k} segments, got {x.shape[0]}")
        w = np.ones(x.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
        if (w < 0).any() or w.sum() <= 0:
            raise ValueError("sample_weight must be non-negative with a positive sum")
        w = w * (len(w) / w.sum())
        with threadpool_limits(limits=1, user_api="blas"):  # skinny products: 1 thread is fastest
            return self._fit(x, k, w)

    def _fit(self, x: np.ndarray, k: int, w: np.ndarray) -> LatentClassMixture:
        best: tuple[float, np.ndarray, np.ndarray, int] | None = None
        if self.warm_start is not None:  # refine a fit (e.g. from a subsample) on all rows
            start_weights, start_log_theta = self.warm_start
            joint = self._joint(x, np.asarray(start_weights), np.asarray(start_log_theta))
            resp = np.exp(joint - logsumexp(joint, axis=1, keepdims=True)).astype(np.float32)
            weights, log_theta, mean_ll, n_iter = self._em(x, resp, w)
            best = (mean_ll, weights, log_theta, n_iter)
        else:
            shares = hellinger(x, self._blocks(x))
            for run in range(int(self.n_init)):
                km = KMeans(k, n_init=1, random_state=self.random_state + run, max_iter=100)
                labels = km.fit_predict(shares, sample_weight=w)
                resp = np.eye(k, dtype=np.float32)[labels]
                weights, log_theta, mean_ll, n_iter = self._em(x, resp, w)
                if best is None or mean_ll > best[0] + 1e-12:
                    best = (mean_ll, weights, log_theta, n_iter)
        assert best is not None
        self.lower_bound_, self.weights_, self.log_theta_, self.n_iter_ = best
        self.n_features_in_ = x.shape[1]
        self.labels_ = self.predict(x)
        return self

    # --- scoring ------------------------------------------------------------------------
    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "log_theta_")
        with threadpool_limits(limits=1, user_api="blas"):
            joint = self._joint(np.asarray(X, dtype=np.float32), self.weights_, self.log_theta_)
        return np.exp(joint - logsumexp(joint, axis=1, keepdims=True))

    def predict(self, X: np.ndarray) -> np.ndarray:
        return self.predict_proba(X).argmax(axis=1)

    def score_samples(self, X: np.ndarray) -> np.ndarray:
        check_is_fitted(self, "log_theta_")
        with threadpool_limits(limits=1, user_api="blas"):
            joint = self._joint(np.asarray(X, dtype=np.float32), self.weights_, self.log_theta_)
        return np.asarray(logsumexp(joint, axis=1))

    def score(self, X: np.ndarray, y: object = None) -> float:
        return float(self.score_samples(X).mean())

    def n_parameters(self) -> int:
        check_is_fitted(self, "log_theta_")
        per_component = sum(stop - start - 1 for start, stop in self._blocks_fitted())
        return int(self.n_components) * per_component + int(self.n_components) - 1

    def _blocks_fitted(self) -> Blocks:
        return self.blocks or ((0, int(self.n_features_in_)),)

    def bic(self, X: np.ndarray, sample_weight: np.ndarray | None = None) -> float:
        """-2 log L + parameters × log n; with weights, log L is the weighted sum (weights
        rescaled to mean 1, so n stays the number of rows)."""
        ll = self.score_samples(X)
        n = len(ll)
        if sample_weight is not None:
            w = np.asarray(sample_weight, float)
            ll = ll * w * (n / w.sum())
        return float(-2.0 * ll.sum() + self.n_parameters() * np.log(n))

    def theta(self) -> np.ndarray:
        """Per component, the probability of every level within its block."""
        check_is_fitted(self, "log_theta_")
        return np.asarray(np.exp(self.log_theta_))


@dataclass(frozen=True)
class KCandidate:
    k: int
    bic: float
    mean_log_likelihood: float
    smallest_segment: int
    admissible: bool


@dataclass(frozen=True)
class KSelection:
    k: int
    criterion: str
    candidates: tuple[KCandidate, ...]
    sample_size: int
    model: LatentClassMixture  # the chosen k's fit (on the subsample when sampled)
    sampled: bool


def select_k(
    x: np.ndarray,
    blocks: Blocks,
    k_range: tuple[int, int] = (3, 10),
    *,
    min_size: int = 10,
    selection_sample: int = 50_000,
    n_init: int = 3,
    random_state: int = 0,
) -> KSelection:
    """The k in [k_range[0], k_range[1]] with the smallest BIC whose smallest segment (hard
    assignment, scaled to the full data) holds at least min_size users."""
    rng = np.random.default_rng(random_state)
    n = x.shape[0]
    rows = (
        np.sort(rng.choice(n, size=selection_sample, replace=False))
        if n > selection_sample
        else None
    )
    sample = x if rows is None else x[rows]
    scale_up = n / sample.shape[0]
    low, high = k_range
    candidates: list[KCandidate] = []
    models: dict[int, LatentClassMixture] = {}
    for k in range(low, min(high, sample.shape[0]) + 1):
        model = LatentClassMixture(k, blocks, n_init=n_init, random_state=random_state).fit(sample)
        models[k] = model
        sizes = np.bincount(model.labels_, minlength=k) * scale_up
        smallest = int(sizes.min())
        candidates.append(
            KCandidate(
                k=k,
                bic=model.bic(sample),
                mean_log_likelihood=float(model.lower_bound_),
                smallest_segment=smallest,
                admissible=smallest >= min_size,
            )
        )
    admissible = [c for c in candidates if c.admissible] or candidates[:1]
    chosen = min(admissible, key=lambda c: c.bic)
    return KSelection(
        chosen.k, "bic", tuple(candidates), int(sample.shape[0]), models[chosen.k], rows is not None
    )
