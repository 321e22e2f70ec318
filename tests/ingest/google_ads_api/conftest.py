"""The stand-in Google Ads API server (fake_server.py) as fixtures for every test here."""

from tests.ingest.google_ads_api.fake_server import fake_ads, tls

__all__ = ["fake_ads", "tls"]
