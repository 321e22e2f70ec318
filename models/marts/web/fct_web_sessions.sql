{{ config(
    materialized=incremental_on_duckdb('table'),
    incremental_strategy=replace_days_strategy(),
    unique_key='session_date',
    on_schema_change='fail'
) }}
{#- Incremental: a run replaces whole session days, from a day before the days that
    int_sessions_attributed rebuilt (the session date is Tokyo's, the GA4 date the property's),
    so sessions a restated day no longer has go too. The keyed hash is computed only for them. -#}
with sessions as (
    select * from {{ ref('int_sessions_attributed') }}
    {% if is_incremental() %}
        where {{ to_tokyo_date('session_start_at') }}
            >= {{ rebuilt_days_start('session_date', extra_days=1) }}
    {% endif %}
)

select
    municipality_code,
    session_key,
    {{ pseudonymise('user_pseudo_id') }} as user_key,
    ga_session_number,
    session_start_at,
    session_end_at,
    {{ to_tokyo_date('session_start_at') }} as session_date,
    landing_page,
    device_category,
    device_language,
    geo_region,
    session_source,
    session_medium,
    session_campaign,
    session_channel_group,
    attributed_source,
    attributed_medium,
    attributed_campaign,
    channel_group,
    gclid is not null as has_gclid,
    is_engaged,
    page_views,
    engagement_time_msec,
    form_starts,
    form_submits,
    file_downloads
from sessions
