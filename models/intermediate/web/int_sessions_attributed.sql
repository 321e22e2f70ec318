{{ config(
    materialized=incremental_on_duckdb('view'),
    incremental_strategy=replace_days_strategy(),
    unique_key='first_event_date',
    on_schema_change='fail'
) }}
{#- Channel grouping and last-non-direct attribution: a direct session inherits the user's most
    recent non-direct source within the lookback window (GA4's default attribution for
    session-scoped reports).
    Incremental: a run rebuilds the sessions that began on the rebuilt days, reading the
    attribution window (and a day) before them; first_event_date is the session start's date,
    so that is every session an earlier source can come from. -#}
with sessions as (
    select * from {{ ref('int_sessions_aggregated') }}
    {% if is_incremental() %}
        where first_event_date >= {{ rebuilt_days_start(
            'first_event_date', extra_days=var('attribution_lookback_days') + 1) }}
    {% endif %}
),

categories as (
    select * from {{ ref('channel_source_categories') }}
),

with_previous as (
    select
        sessions.*,
        session_source = '(direct)' as is_direct,
        {{ last_value_ignore_nulls("case when session_source <> '(direct)' then session_source end") }} over w
            as previous_source,
        {{ last_value_ignore_nulls("case when session_source <> '(direct)' then session_medium end") }} over w
            as previous_medium,
        {{ last_value_ignore_nulls("case when session_source <> '(direct)' then session_campaign end") }} over w
            as previous_campaign,
        {{ last_value_ignore_nulls("case when session_source <> '(direct)' then session_start_at end") }} over w
            as previous_at
    from sessions
    window w as (
        partition by municipality_code, user_pseudo_id
        order by session_start_at
        rows between unbounded preceding and 1 preceding
    )
),

attributed as (
    select
        *,
        is_direct and previous_at is not null
            and previous_at >= {{ dbt.dateadd('day', -var('attribution_lookback_days'), 'session_start_at') }}
            as use_previous
    from with_previous
)

select
    -- every column of int_sessions_aggregated, and is_direct
    attributed.municipality_code, attributed.session_key, attributed.user_pseudo_id,
    attributed.ga_session_id, attributed.ga_session_number, attributed.session_start_at,
    attributed.session_end_at, attributed.landing_page, attributed.session_referrer,
    attributed.gclid, attributed.device_category, attributed.device_language,
    attributed.geo_region, attributed.is_engaged, attributed.page_views,
    attributed.engagement_time_msec, attributed.form_starts, attributed.form_submits,
    attributed.file_downloads, attributed.first_event_date, attributed.referrer_host,
    attributed.landing_host,
    attributed.session_source, attributed.session_medium, attributed.session_campaign,
    attributed.is_direct,
    case when use_previous then previous_source else session_source end as attributed_source,
    case when use_previous then previous_medium else session_medium end as attributed_medium,
    case when use_previous then previous_campaign else session_campaign end as attributed_campaign,
    {{ default_channel_group('session_source', 'session_medium', 'session_campaign', 'own.source_category') }}
        as session_channel_group,
    {{ default_channel_group(
        'case when use_previous then previous_source else session_source end',
        'case when use_previous then previous_medium else session_medium end',
        'null',
        'attributed_category.source_category') }} as channel_group
from attributed
left join categories as own on own.source = attributed.session_source
left join categories as attributed_category
    on attributed_category.source = case when use_previous then previous_source else session_source end
{% if is_incremental() %}
    where attributed.first_event_date >= {{ rebuilt_days_start('first_event_date') }}
{% endif %}
