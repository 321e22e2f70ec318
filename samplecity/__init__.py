"""Sample-city generator: one fiscal year of みどり市 (municipality code 990019) exports in the
real file formats, plus ground_truth.json with what was planted.

    summary = samplecity.generate(out, seed=1, scale=0.01, fiscal_year=2025)

writes
    out/ga4/events_YYYYMMDD.json.gz            GA4 BigQuery export, NDJSON, gzip (mtime 0), per day
    out/google_ads/campaign_report_FY2025.csv  Google Ads UI report, UTF-16LE + BOM, TAB, CRLF
    out/e_applications/denshi_shinsei_FY2025.csv  電子申請 daily counts, CP932, CRLF
    out/../ground_truth.json                   (+ ground_truth_user_segments.csv.gz if scale > 0.05)

`scale` is the GA4 sampling rate (1 = the full ~40M events a year); the Google Ads and 電子申請
files are always the whole city and do not depend on scale. Same seed and scale give
byte-identical files.
"""

from samplecity.generator import GROUND_TRUTH_NAME, SampleCityError, generate

__all__ = ["GROUND_TRUTH_NAME", "SampleCityError", "generate"]
