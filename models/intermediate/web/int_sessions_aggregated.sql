{{ config(
    materialized=incremental_on_duckdb('view'),
    incremental_strategy=replace_days_strategy(),
    unique_key='first_event_date',
    on_schema_change='fail'
) }}
{#- Sessionisation: one row per GA4 session (user_pseudo_id + ga_session_id). The session's
    traffic source, in order: a Google Ads click id (google / cpc); the first source/medium its
    events carry as parameters; an external referrer (referral); collected_traffic_source's
    manual UTM fields; otherwise (direct) / (none).
    Incremental: a run rebuilds the sessions that began on the rebuilt days (see
    rebuilt_days_start). It reads one day more, so that a session crossing midnight into the
    window is recognised as begun before it and left as it was. -#}
with events as (
    select * from {{ ref('stg_ga4__events') }}
    where ga_session_id is not null and user_pseudo_id is not null
    {% if is_incremental() %}
        and {{ ga4_days_from(rebuilt_days_start('first_event_date', extra_days=1)) }}
    {% endif %}
),

sessions as (
    select
        municipality_code,
        session_key,
        any_value(user_pseudo_id) as user_pseudo_id,
        any_value(ga_session_id) as ga_session_id,
        max(ga_session_number) as ga_session_number,
        min(event_at) as session_start_at,
        max(event_at) as session_end_at,
        min_by(page_location, event_at) filter (where event_name = 'page_view') as landing_page,
        min_by(page_referrer, event_at) filter (where event_name = 'page_view') as session_referrer,
        min_by(event_source, event_at) filter (where event_source is not null) as tagged_source,
        min_by(event_medium, event_at) filter (where event_source is not null) as tagged_medium,
        min_by(event_campaign, event_at) filter (where event_source is not null) as tagged_campaign,
        min_by(manual_source, event_at) filter (where manual_source is not null) as manual_source,
        min_by(manual_medium, event_at) filter (where manual_source is not null) as manual_medium,
        min_by(manual_campaign_name, event_at)
            filter (where manual_source is not null) as manual_campaign,
        min_by(event_campaign, event_at) filter (where gclid is not null) as gclid_campaign,
        max(gclid) as gclid,
        min_by(device_category, event_at) as device_category,
        min_by(device_language, event_at) as device_language,
        min_by(geo_region, event_at) as geo_region,
        bool_or(is_session_engaged_event) as is_engaged,
        count(*) filter (where event_name = 'page_view') as page_views,
        sum(engagement_time_msec) as engagement_time_msec,
        count(*) filter (where event_name = 'form_start') as form_starts,
        count(*) filter (where event_name = 'form_submit') as form_submits,
        count(*) filter (where event_name = 'file_download') as file_downloads,
        min(event_date) as first_event_date
    from events
    group by municipality_code, session_key
    {% if is_incremental() %}
        having min(event_date) >= {{ rebuilt_days_start('first_event_date') }}
    {% endif %}
),

sourced as (
    select
        *,
        regexp_extract(session_referrer, '^https?://([^/:?#]+)', 1) as referrer_host,
        regexp_extract(landing_page, '^https?://([^/:?#]+)', 1) as landing_host,
        coalesce(
            regexp_extract(session_referrer, '^https?://([^/:?#]+)', 1)
            <> regexp_extract(landing_page, '^https?://([^/:?#]+)', 1),
            false
        ) as is_external_referrer
    from sessions
)

select
    -- every column but the tagged_/manual_/gclid_ inputs and is_external_referrer
    municipality_code, session_key, user_pseudo_id, ga_session_id, ga_session_number,
    session_start_at, session_end_at, landing_page, session_referrer, gclid, device_category,
    device_language, geo_region, is_engaged, page_views, engagement_time_msec, form_starts,
    form_submits, file_downloads, first_event_date, referrer_host, landing_host,
    case
        when gclid is not null then 'google'
        when tagged_source is not null then lower(tagged_source)
        when is_external_referrer then lower(referrer_host)
        when manual_source is not null then lower(manual_source)
        else '(direct)'
    end as session_source,
    case
        when gclid is not null then 'cpc'
        when tagged_source is not null then lower(coalesce(tagged_medium, '(not set)'))
        when is_external_referrer then 'referral'
        when manual_source is not null then lower(coalesce(manual_medium, '(not set)'))
        else '(none)'
    end as session_medium,
    case
        when gclid is not null then coalesce(gclid_campaign, '(not set)')
        when tagged_source is not null then coalesce(tagged_campaign, '(not set)')
        when is_external_referrer then '(referral)'
        when manual_source is not null then coalesce(manual_campaign, '(not set)')
        else '(direct)'
    end as session_campaign
from sourced
