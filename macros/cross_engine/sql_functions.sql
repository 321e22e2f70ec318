{#- Engine-specific SQL for the models, behind adapter.dispatch. `default__` is the DuckDB
    text the models always had (so the DuckDB build is unchanged); `spark__` is the Apache Spark
    SQL equivalent (dbt-spark, Spark 4). Checked by tests/spark/. -#}

{#- Partial-match regular expression test (both engines find the pattern anywhere). -#}
{% macro regex_matches(text, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'civicpulse')(text, pattern)) }}
{%- endmacro %}
{% macro default__regex_matches(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}
{% macro spark__regex_matches(text, pattern) -%}
    regexp_like({{ text }}, {{ pattern }})
{%- endmacro %}

{#- A timestamp holding Asia/Tokyo wall time → the same instant as a UTC timestamp. -#}
{% macro tokyo_wall_time_to_utc(column) -%}
    {{ return(adapter.dispatch('tokyo_wall_time_to_utc', 'civicpulse')(column)) }}
{%- endmacro %}
{% macro default__tokyo_wall_time_to_utc(column) -%}
    timezone('UTC', timezone('Asia/Tokyo', {{ column }}))
{%- endmacro %}
{% macro spark__tokyo_wall_time_to_utc(column) -%}
    to_utc_timestamp({{ column }}, 'Asia/Tokyo')
{%- endmacro %}

{#- The last non-null value of a window frame. -#}
{% macro last_value_ignore_nulls(expression) -%}
    {{ return(adapter.dispatch('last_value_ignore_nulls', 'civicpulse')(expression)) }}
{%- endmacro %}
{% macro default__last_value_ignore_nulls(expression) -%}
    last_value({{ expression }} ignore nulls)
{%- endmacro %}
{% macro spark__last_value_ignore_nulls(expression) -%}
    last({{ expression }}, true)
{%- endmacro %}

{#- ISO day of week: 1 = Monday … 7 = Sunday. -#}
{% macro iso_day_of_week(column) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'civicpulse')(column)) }}
{%- endmacro %}
{% macro default__iso_day_of_week(column) -%}
    extract(isodow from {{ column }})
{%- endmacro %}
{% macro spark__iso_day_of_week(column) -%}
    extract(dayofweek_iso from {{ column }})
{%- endmacro %}

{#- One row per calendar day from `first_day` to `last_day` (date expressions of one row),
    as a select-list expression named by the caller. -#}
{% macro day_series(first_day, last_day) -%}
    {{ return(adapter.dispatch('day_series', 'civicpulse')(first_day, last_day)) }}
{%- endmacro %}
{% macro default__day_series(first_day, last_day) -%}
    cast(unnest(generate_series(
        cast({{ first_day }} as timestamp),
        cast({{ last_day }} as timestamp),
        interval 1 day
    )) as date)
{%- endmacro %}
{% macro spark__day_series(first_day, last_day) -%}
    explode(sequence(cast({{ first_day }} as date), cast({{ last_day }} as date), interval 1 day))
{%- endmacro %}

{#- Does `text` start with `prefix`? -#}
{% macro starts_with(text, prefix) -%}
    {{ return(adapter.dispatch('starts_with', 'civicpulse')(text, prefix)) }}
{%- endmacro %}
{% macro default__starts_with(text, prefix) -%}
    starts_with({{ text }}, {{ prefix }})
{%- endmacro %}
{% macro spark__starts_with(text, prefix) -%}
    startswith({{ text }}, {{ prefix }})
{%- endmacro %}

{#- Values joined with `separator` in ascending order (`distinct`: each value once), over the
    rows matching `where` (a filter clause) or all rows. NULL when there is no value. -#}
{% macro sorted_string_agg(column, separator, distinct=false, where=none) -%}
    {{ return(adapter.dispatch('sorted_string_agg', 'civicpulse')(column, separator, distinct, where)) }}
{%- endmacro %}
{% macro default__sorted_string_agg(column, separator, distinct, where) -%}
    string_agg({% if distinct %}distinct {% endif %}{{ column }}, {{ separator }} order by {{ column }})
    {%- if where is not none %} filter (where {{ where }}){% endif %}
{%- endmacro %}
{% macro spark__sorted_string_agg(column, separator, distinct, where) -%}
    nullif(array_join(array_sort({% if distinct %}collect_set{% else %}collect_list{% endif %}({{ column }})
    {%- if where is not none %} filter (where {{ where }}){% endif %}), {{ separator }}), '')
{%- endmacro %}

{#- The incremental strategy that replaces whole days: DuckDB deletes by unique_key and
    inserts; Spark on Parquet overwrites the partitions present in the new rows. -#}
{% macro replace_days_strategy() -%}
    {{ return(adapter.dispatch('replace_days_strategy', 'civicpulse')()) }}
{%- endmacro %}
{% macro default__replace_days_strategy() -%}
    {{ return('delete+insert') }}
{%- endmacro %}
{% macro spark__replace_days_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}

{#- The first day of the date's month, as a DATE. -#}
{% macro month_start(column) -%}
    {{ return(adapter.dispatch('month_start', 'civicpulse')(column)) }}
{%- endmacro %}
{% macro default__month_start(column) -%}
    date_trunc('month', {{ column }})
{%- endmacro %}
{% macro spark__month_start(column) -%}
    trunc({{ column }}, 'MM')
{%- endmacro %}

{#- A date or timestamp as text; `format` in strftime notation (%Y %m %d %H %M %S only). -#}
{% macro format_datetime(column, format) -%}
    {{ return(adapter.dispatch('format_datetime', 'civicpulse')(column, format)) }}
{%- endmacro %}
{% macro default__format_datetime(column, format) -%}
    strftime({{ column }}, '{{ format }}')
{%- endmacro %}
{% macro spark__format_datetime(column, format) -%}
    {%- set pattern = format | replace('%Y', 'yyyy') | replace('%m', 'MM') | replace('%d', 'dd')
        | replace('%H', 'HH') | replace('%M', 'mm') | replace('%S', 'ss') -%}
    {%- if '%' in pattern -%}
        {{ exceptions.raise_compiler_error("format_datetime: unsupported directive in " ~ format) }}
    {%- endif -%}
    date_format({{ column }}, '{{ pattern }}')
{%- endmacro %}

{#- Incremental event models rebuild whole days: those from this date on. It is the newest day
    already in the model ({{ this }}) less `page_view_lookback_days` (GA4 restates recent days)
    less `extra_days`; an empty model starts from the beginning (a model first built before any
    GA4 file arrived must still pick the files up). Looked up when the model runs and written
    into the SQL as a literal: a constant lets DuckDB skip the raw table's older row groups
    (see ga4_days_from), where a subquery would make it read every event. -#}
{% macro rebuilt_days_start(date_column, extra_days=0) -%}
    {%- set days = var('page_view_lookback_days') + extra_days -%}
    {%- set query -%}
        select cast(coalesce({{ dbt.dateadd('day', -days, 'max(' ~ date_column ~ ')') }},
                             cast('1900-01-01' as date)) as {{ dbt.type_string() }})
        from {{ this }}
    {%- endset -%}
    {%- if execute -%}
        {%- set start = run_query(query).columns[0].values()[0][:10] -%}
    {%- else -%}
        {%- set start = '1900-01-01' -%}
    {%- endif -%}
    cast('{{ start }}' as date)
{%- endmacro %}

{#- GA4 events of the days from `start` (a rebuilt_days_start) on, as a filter on the export's own
    YYYYMMDD text: the raw table is in load order, so its min/max statistics skip older days. -#}
{% macro ga4_days_from(start) -%}
    event_date_yyyymmdd >= replace(cast({{ start }} as {{ dbt.type_string() }}), '-', '')
{%- endmacro %}

{#- Incremental on DuckDB; a plain `fallback` (table or view) on Spark, whose build is a full
    rebuild of the shared platform's raw layer (warehouse/spark_build.py). -#}
{% macro incremental_on_duckdb(fallback) -%}
    {{ return(fallback if target.type == 'spark' else 'incremental') }}
{%- endmacro %}

{#- A page URL as the page key of the accessibility and readability audits: the same key as
    Python's page_key() (scheme and host lower-cased, query, fragment and trailing slashes
    dropped). -#}
{% macro page_key(url) -%}
    lower(regexp_extract({{ url }}, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*', 0))
    || regexp_replace(
        regexp_replace(
            substr(
                {{ url }},
                length(regexp_extract({{ url }}, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*', 0)) + 1
            ),
            '[?#].*$', ''
        ),
        '/+$', ''
    )
{%- endmacro %}
