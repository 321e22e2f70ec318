"""Binomial (logit) and Poisson (log) GLMs by iteratively reweighted least squares, with the
Pearson dispersion estimate (quasi-likelihood), for the lift estimators."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GlmFit:
    beta: np.ndarray
    cov: np.ndarray  # dispersion-scaled covariance of beta
    dispersion: float  # Pearson chi2 / (n - p), at least 1
    n_obs: int
    converged: bool


def _solve(xtwx: np.ndarray, xtwz: np.ndarray) -> np.ndarray:
    ridge = 1e-9 * np.eye(xtwx.shape[0])
    return np.asarray(np.linalg.solve(xtwx + ridge, xtwz))


def fit_glm(
    x: np.ndarray,
    y: np.ndarray,
    family: str,
    trials: np.ndarray | None = None,
    max_iter: int = 50,
    tol: float = 1e-10,
) -> GlmFit:
    """family "binomial": y successes of `trials`; family "poisson": y counts."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if family == "binomial":
        if trials is None:
            raise ValueError("binomial GLM needs trials")
        n = np.asarray(trials, dtype=float)
        share = np.clip((y + 0.5) / (n + 1.0), 1e-6, 1 - 1e-6)
        eta = np.log(share / (1 - share))
    elif family == "poisson":
        n = np.ones_like(y)
        eta = np.log(np.maximum(y, 0.5))
    else:
        raise ValueError(f"family must be binomial or poisson, got {family!r}")
    beta = _solve(x.T @ x, x.T @ eta)
    converged = False
    for _ in range(max_iter):
        eta = x @ beta
        if family == "binomial":
            p = 1.0 / (1.0 + np.exp(-eta))
            mu = n * p
            w = np.maximum(n * p * (1 - p), 1e-10)
        else:
            mu = np.exp(np.clip(eta, -30, 30))
            w = np.maximum(mu, 1e-10)
        z = eta + (y - mu) / w
        new = _solve(x.T @ (x * w[:, None]), x.T @ (w * z))
        if np.max(np.abs(new - beta)) < tol * (1 + np.max(np.abs(beta))):
            beta = new
            converged = True
            break
        beta = new
    eta = x @ beta
    if family == "binomial":
        p = 1.0 / (1.0 + np.exp(-eta))
        mu, var = n * p, np.maximum(n * p * (1 - p), 1e-10)
    else:
        mu = np.exp(np.clip(eta, -30, 30))
        var = np.maximum(mu, 1e-10)
    dof = max(len(y) - x.shape[1], 1)
    dispersion = max(float(np.sum((y - mu) ** 2 / var) / dof), 1.0)
    info = x.T @ (x * var[:, None])
    cov = dispersion * np.linalg.pinv(info)
    return GlmFit(beta, cov, dispersion, len(y), converged)
