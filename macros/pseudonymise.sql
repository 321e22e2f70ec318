{#- A keyed hash of an identifier: HMAC-SHA256(installation secret, id) as 64 lowercase hex
    digits. The secret comes from the environment (the CLI creates one per CIVICPULSE_HOME) and
    never appears in the SQL: on DuckDB the function hmac_sha256 is a Python UDF that the
    dbt-duckdb plugin warehouse/dbt_plugins/hmac_udf.py registers on each connection, keyed
    from CIVICPULSE_PSEUDONYM_KEY (profiles.yml `plugins:`). ingest.pii.keyed_hash computes
    the same digest in Python (tests/civicpulse/test_keyed_hash.py).

    Spark: spark__pseudonymise is NOT here; it lives with the Spark work in
    macros/cross_engine/pseudonymise_spark.sql (owned there). Any other adapter falls to the
    default below and fails loudly (no hmac_sha256 function) rather than silently producing an
    unkeyed hash. -#}
{% macro pseudonymise(column) -%}
    {{ return(adapter.dispatch('pseudonymise', 'civicpulse')(column)) }}
{%- endmacro %}

{% macro default__pseudonymise(column) -%}
    hmac_sha256(cast({{ column }} as varchar))
{%- endmacro %}

{% macro duckdb__pseudonymise(column) -%}
    hmac_sha256(cast({{ column }} as varchar))
{%- endmacro %}
