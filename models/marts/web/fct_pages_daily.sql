{{ config(
    materialized=incremental_on_duckdb('table'),
    incremental_strategy=replace_days_strategy(),
    unique_key='activity_date',
    on_schema_change='fail'
) }}
{#- Incremental: the days fct_page_views rebuilt are recounted whole. -#}
select
    municipality_code,
    page_date as activity_date,
    page_path,
    count(*) as page_views,
    count(distinct user_key) as users,
    count(distinct session_key) as sessions,
    count(*) filter (where is_entrance) as entrances,
    sum(engagement_time_msec) as engagement_time_msec
from {{ ref('fct_page_views') }}
{% if is_incremental() %}
    where page_date >= {{ rebuilt_days_start('activity_date') }}
{% endif %}
group by municipality_code, page_date, page_path
