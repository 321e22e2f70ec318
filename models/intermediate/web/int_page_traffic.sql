{{ config(materialized='table') }}
{#- Each page's GA4 traffic over all loaded days (grain: municipality_code, page_key): what the
    page-audit marts compare accessibility and readability with. -#}
select
    municipality_code,
    page_key,
    sum(page_views) as page_views,
    count(distinct user_pseudo_id) filter (where page_views > 0) as users,
    sum(entrances) as entrances,
    sum(engagement_time_msec) as engagement_time_msec,
    sum(form_submits) as form_submits
from {{ ref('int_page_traffic_daily') }}
group by municipality_code, page_key
