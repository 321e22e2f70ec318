{#- GA4 export helpers. Engine-specific SQL lives only here, behind adapter.dispatch. -#}

{% macro ga4_param(key, value_type='string_value', params='event_params') -%}
    {{ return(adapter.dispatch('ga4_param', 'civicpulse')(key, value_type, params)) }}
{%- endmacro %}

{% macro default__ga4_param(key, value_type, params) -%}
    list_extract(list_filter({{ params }}, lambda p: p.key = '{{ key }}'), 1).value.{{ value_type }}
{%- endmacro %}

{% macro spark__ga4_param(key, value_type, params) -%}
    try_element_at(filter({{ params }}, p -> p.key = '{{ key }}'), 1).value.{{ value_type }}
{%- endmacro %}

{% macro ga4_micros_to_timestamp(column) -%}
    {{ return(adapter.dispatch('ga4_micros_to_timestamp', 'civicpulse')(column)) }}
{%- endmacro %}

{% macro default__ga4_micros_to_timestamp(column) -%}
    make_timestamp({{ column }})
{%- endmacro %}

{% macro spark__ga4_micros_to_timestamp(column) -%}
    timestamp_micros({{ column }})
{%- endmacro %}

{% macro ga4_yyyymmdd_to_date(column) -%}
    {{ return(adapter.dispatch('ga4_yyyymmdd_to_date', 'civicpulse')(column)) }}
{%- endmacro %}

{% macro default__ga4_yyyymmdd_to_date(column) -%}
    cast(strptime({{ column }}, '%Y%m%d') as date)
{%- endmacro %}

{% macro spark__ga4_yyyymmdd_to_date(column) -%}
    to_date({{ column }}, 'yyyyMMdd')
{%- endmacro %}

{#- UTC timestamp to the calendar day in Asia/Tokyo (JST has no daylight saving). -#}
{% macro to_tokyo_date(column) -%}
    cast({{ dbt.dateadd('hour', 9, column) }} as date)
{%- endmacro %}
