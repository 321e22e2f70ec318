"""Personal data at ingest: keyed pseudonyms for identifiers, scrubbing of contact data in
free text (call-centre notes, survey comments).

Identifiers (survey respondent ids) become ``keyed_hash(id, key)``: HMAC-SHA256 keyed with the
installation's secret (CIVICPULSE_PSEUDONYM_KEY), lowercase hex. The dbt macro `pseudonymise`
computes the same digest in the warehouse (warehouse/dbt_plugins/hmac_udf.py registers it as
the DuckDB function hmac_sha256); tests/civicpulse/test_keyed_hash.py proves they agree.

E-mail addresses become "[email]" and Japanese phone numbers "[phone]" at ingest, so they never
reach the warehouse. Everything else is kept as written. Names are NOT detected (no reliable
rule exists for Japanese names): free text stays in raw/staging and is never put in a mart.
"""

from __future__ import annotations

import hashlib
import hmac
import re

EMAIL_TOKEN = "[email]"
PHONE_TOKEN = "[phone]"

# ASCII and full-width letters: CJK text around an address must not be swallowed.
_ADDR = r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９_%+\-－]"
_EMAIL = re.compile(rf"{_ADDR}+(?:[.．]{_ADDR}+)*\s?[@＠]\s?{_ADDR}+(?:[.．]{_ADDR}+)+")
# \d matches full-width digits too (Python's re is Unicode-aware).
_SEP = r"[ \t\u3000()（）\-\u2010-\u2015\u2212\uff0d\u30fc\uff70]"
_GROUPS = rf"\d{{1,4}}{_SEP}{{1,3}}\d{{1,4}}{_SEP}{{1,3}}\d{{3,4}}"
_PHONE = re.compile(
    r"(?<!\d)(?:"
    rf"[+＋]\s?[8８][1１]{_SEP}{{0,3}}(?:[0０]{_SEP}{{0,2}})?{_GROUPS}"  # +81 90-1234-5678
    rf"|[(（]?[0０]{_GROUPS}"  # 090-1234-5678, (03)1234-5678, 0120-123-456, full-width
    r"|[0０]\d{9,10}"  # 09012345678
    r")(?!\d)"
)


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    international = text.lstrip("(（")[:1] in "+＋"
    low, high = (11, 13) if international else (10, 11)
    return PHONE_TOKEN if low <= digits <= high else text


def scrub_pii(text: str | None) -> str | None:
    """Replace e-mail addresses with [email] and phone numbers with [phone]."""
    if text is None:
        return None
    return _PHONE.sub(_phone, _EMAIL.sub(EMAIL_TOKEN, text))


def keyed_hash(value: str, key: str) -> str:
    """HMAC-SHA256 of the UTF-8 value keyed with the UTF-8 key, as 64 lowercase hex digits."""
    if not key:
        raise ValueError("the pseudonym key is empty: set CIVICPULSE_PSEUDONYM_KEY")
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()
