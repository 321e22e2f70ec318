{{ config(
    materialized='incremental',
    incremental_strategy=replace_days_strategy(),
    unique_key='page_date',
    on_schema_change='fail'
) }}
{#- One row per page_view. Incremental: each run rebuilds the last `page_view_lookback_days`
    days before the newest loaded day (GA4 re-exports recent days); a full refresh gives the
    same rows (tested in tests/civicpulse). -#}
with events as (
    select * from {{ ref('stg_ga4__events') }}
    where event_name = 'page_view'
    {% if is_incremental() %}
        and {{ ga4_days_from(rebuilt_days_start('page_date')) }}
    {% endif %}
)

select
    municipality_code,
    -- Two views of one URL in the same microsecond do happen (double-fired tags): the ordinal
    -- keeps both distinct.
    md5(session_key || '-' || cast(event_at as {{ dbt.type_string() }}) || '-' || coalesce(page_location, '')
        || '-' || cast(row_number() over (
            partition by session_key, event_at, page_location order by load_id
        ) as {{ dbt.type_string() }})) as page_view_key,
    session_key,
    {{ pseudonymise('user_pseudo_id') }} as user_key,
    event_at as viewed_at,
    event_date as page_date,
    {{ url_path('page_location') }} as page_path,
    page_location,
    page_title,
    page_referrer,
    is_entrance,
    engagement_time_msec,
    device_category
from events
