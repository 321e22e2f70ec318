"""dbt-duckdb plugins (profiles.yml `plugins:`), loaded by dbt on every connection it opens."""
