"""Everything that touches the DuckDB files: paths, connections, raw loading, dbt, publish."""
