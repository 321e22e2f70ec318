"""Device and geo profiles a GA4 user can have (one per user for the whole year)."""

from __future__ import annotations

import numpy as np

# category, brand, model, os, os_version, browser, browser_version, weight within category
DEVICE_PROFILES: tuple[tuple[str, str, str, str, str, str, str, float], ...] = (
    ("mobile", "Apple", "iPhone", "iOS", "iOS 18.5", "Safari", "18.5", 0.52),
    ("mobile", "Apple", "iPhone", "iOS", "iOS 17.6", "Safari", "17.6", 0.08),
    ("mobile", "Apple", "iPhone", "iOS", "iOS 18.5", "Chrome", "137.0.7151.107", 0.07),
    ("mobile", "Google", "Pixel 8", "Android", "Android 15", "Chrome", "137.0.7151.89", 0.08),
    ("mobile", "Sharp", "AQUOS sense8", "Android", "Android 14", "Chrome", "137.0.7151.89", 0.09),
    ("mobile", "Sony", "Xperia 10 V", "Android", "Android 14", "Chrome", "136.0.7103.125", 0.06),
    ("mobile", "Samsung", "Galaxy S24", "Android", "Android 15", "Samsung Internet", "28.0", 0.05),
    ("mobile", "Xiaomi", "Redmi Note 13", "Android", "Android 14", "Chrome", "137.0.7151.89", 0.05),
    ("desktop", "Microsoft", "Chrome", "Windows", "Windows 11", "Chrome", "137.0.7151.104", 0.34),
    ("desktop", "Microsoft", "Edge", "Windows", "Windows 11", "Edge", "137.0.3296.68", 0.26),
    ("desktop", "Microsoft", "Chrome", "Windows", "Windows 10", "Chrome", "136.0.7103.114", 0.12),
    ("desktop", "Apple", "Safari", "Macintosh", "Macintosh Intel 10.15", "Safari", "18.5", 0.14),
    (
        "desktop",
        "Apple",
        "Chrome",
        "Macintosh",
        "Macintosh Intel 10.15",
        "Chrome",
        "137.0.7151.104",
        0.09,
    ),
    (
        "desktop",
        "Google",
        "Chrome",
        "Chrome OS",
        "Chrome OS 16238.64.0",
        "Chrome",
        "137.0.7151.103",
        0.05,
    ),
    ("tablet", "Apple", "iPad", "iOS", "iPadOS 18.5", "Safari", "18.5", 0.72),
    ("tablet", "Lenovo", "Tab M10", "Android", "Android 13", "Chrome", "137.0.7151.89", 0.13),
    ("tablet", "Amazon", "Fire HD 10", "Android", "Fire OS 8", "Amazon Silk", "134.4.3", 0.15),
)
DEVICE_CATEGORY_OF_PROFILE = np.array(
    [("mobile", "desktop", "tablet").index(p[0]) for p in DEVICE_PROFILES], dtype=np.int8
)

# continent, sub_continent, country, region, city, weight
GEO_RESIDENT: tuple[tuple[str, str, str, str, str, float], ...] = (
    ("Asia", "Eastern Asia", "Japan", "Midori", "Midori", 0.84),
    ("Asia", "Eastern Asia", "Japan", "Midori", "(not set)", 0.06),
    # mobile carriers' addresses geolocate some residents to the big cities
    ("Asia", "Eastern Asia", "Japan", "Tokyo", "Tokyo", 0.06),
    ("Asia", "Eastern Asia", "Japan", "Osaka", "Osaka", 0.04),
)
GEO_VISITOR_JP: tuple[tuple[str, str, str, str, str, float], ...] = (
    ("Asia", "Eastern Asia", "Japan", "Tokyo", "Tokyo", 0.26),
    ("Asia", "Eastern Asia", "Japan", "Kanagawa", "Yokohama", 0.1),
    ("Asia", "Eastern Asia", "Japan", "Osaka", "Osaka", 0.15),
    ("Asia", "Eastern Asia", "Japan", "Aichi", "Nagoya", 0.1),
    ("Asia", "Eastern Asia", "Japan", "Saitama", "Saitama", 0.07),
    ("Asia", "Eastern Asia", "Japan", "Chiba", "Chiba", 0.06),
    ("Asia", "Eastern Asia", "Japan", "Hyogo", "Kobe", 0.06),
    ("Asia", "Eastern Asia", "Japan", "Kyoto", "Kyoto", 0.05),
    ("Asia", "Eastern Asia", "Japan", "Fukuoka", "Fukuoka", 0.05),
    ("Asia", "Eastern Asia", "Japan", "Hokkaido", "Sapporo", 0.04),
    ("Asia", "Eastern Asia", "Japan", "Miyagi", "Sendai", 0.03),
    ("Asia", "Eastern Asia", "Japan", "Hiroshima", "Hiroshima", 0.03),
)
GEO_VISITOR_ABROAD: tuple[tuple[str, str, str, str, str, float], ...] = (
    ("Asia", "Eastern Asia", "Taiwan", "Taipei City", "Taipei", 0.35),
    ("Asia", "Eastern Asia", "South Korea", "Seoul", "Seoul", 0.25),
    ("Asia", "Eastern Asia", "Hong Kong", "Hong Kong", "Hong Kong", 0.15),
    ("Americas", "Northern America", "United States", "California", "Los Angeles", 0.15),
    ("Oceania", "Australasia", "Australia", "New South Wales", "Sydney", 0.1),
)
GEOS = GEO_RESIDENT + GEO_VISITOR_JP + GEO_VISITOR_ABROAD
_RES = np.arange(len(GEO_RESIDENT))
_VJP = len(GEO_RESIDENT) + np.arange(len(GEO_VISITOR_JP))
_VAB = len(GEO_RESIDENT) + len(GEO_VISITOR_JP) + np.arange(len(GEO_VISITOR_ABROAD))


def _weights(rows: tuple[tuple, ...]) -> np.ndarray:
    w = np.array([r[-1] for r in rows], dtype=float)
    return w / w.sum()


def draw_device_profiles(rng: np.random.Generator, category: np.ndarray) -> np.ndarray:
    """A device profile index for each user, given the device category index (0/1/2)."""
    out = np.zeros(len(category), dtype=np.int16)
    for cat in range(3):
        idx = np.flatnonzero(category == cat)
        profiles = np.flatnonzero(cat == DEVICE_CATEGORY_OF_PROFILE)
        w = np.array([DEVICE_PROFILES[p][-1] for p in profiles])
        out[idx] = rng.choice(profiles, size=len(idx), p=w / w.sum())
    return out


def draw_geos(rng: np.random.Generator, away: np.ndarray, abroad: np.ndarray) -> np.ndarray:
    """A geo index for each user: residents in or near the city; users seen from outside the
    prefecture (`away`: visitors, people about to move in) from elsewhere in Japan or abroad."""
    out = rng.choice(_RES, size=len(away), p=_weights(GEO_RESIDENT))
    vjp = away & ~abroad
    out[vjp] = rng.choice(_VJP, size=int(vjp.sum()), p=_weights(GEO_VISITOR_JP))
    vab = away & abroad
    out[vab] = rng.choice(_VAB, size=int(vab.sum()), p=_weights(GEO_VISITOR_ABROAD))
    return out.astype(np.int16)
