{{ config(
    materialized=incremental_on_duckdb('view'),
    incremental_strategy=replace_days_strategy(),
    unique_key='event_date',
    on_schema_change='fail'
) }}
{#- Each page's GA4 traffic per day and browser (grain: municipality_code, event_date, page_key,
    user_pseudo_id), for the page-audit marts. Incremental like fct_page_views, so a daily build
    parses only the newest days' events; the browser is kept so that users can be counted over
    all days. Intermediate only: marts carry a keyed hash, never user_pseudo_id. -#}
select
    municipality_code,
    event_date,
    {{ page_key('page_location') }} as page_key,
    user_pseudo_id,
    count(*) filter (where event_name = 'page_view') as page_views,
    count(*) filter (where event_name = 'page_view' and is_entrance) as entrances,
    sum(engagement_time_msec) as engagement_time_msec,
    count(*) filter (where event_name = 'form_submit') as form_submits
from {{ ref('stg_ga4__events') }}
where page_location is not null
{% if is_incremental() %}
    and {{ ga4_days_from(rebuilt_days_start('event_date')) }}
{% endif %}
group by all
