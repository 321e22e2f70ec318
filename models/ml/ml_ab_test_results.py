"""A/B test results (ml/ab_test.py): every variant of fct_ab_test_variants against its test's
control (A) on open rate and click rate — two-proportion z-test, Newcombe 95% interval for the
difference, Japanese verdict; comparisons with a cell below the suppression threshold are kept
with their counts and estimates nulled."""

import polars as pl

from ml.ab_test import RESULT_SCHEMA, ab_results


def model(dbt, session):
    dbt.config(materialized="table")
    threshold = int(dbt.config.meta_get("suppression_threshold", 10))
    level = float(dbt.config.meta_get("confidence_level", 0.95))
    variants = dbt.ref("fct_ab_test_variants").pl()
    frames = [
        ab_results(
            variants.filter(
                (pl.col("municipality_code") == code) & (pl.col("account_name") == account)
            ).drop("account_name"),
            threshold=threshold,
            level=level,
        ).with_columns(pl.lit(account).alias("account_name"))
        for code, account in sorted(
            variants.select("municipality_code", "account_name").unique().iter_rows()
        )
    ]
    schema = {**RESULT_SCHEMA, "account_name": pl.String}
    out = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    return out.select(list(schema))
