{{ config(
    materialized=incremental_on_duckdb('table'),
    incremental_strategy=replace_days_strategy(),
    unique_key='activity_date',
    on_schema_change='fail'
) }}
{#- Incremental: whole days are recounted from fct_web_sessions (a day more than the sessions
    rebuilt, see fct_web_sessions). -#}
select
    municipality_code,
    session_date as activity_date,
    channel_group,
    device_category,
    count(*) as sessions,
    count(*) filter (where is_engaged) as engaged_sessions,
    count(distinct user_key) as users,
    sum(page_views) as page_views,
    sum(form_starts) as form_starts,
    sum(form_submits) as form_submits
from {{ ref('fct_web_sessions') }}
{% if is_incremental() %}
    where session_date >= {{ rebuilt_days_start('activity_date', extra_days=1) }}
{% endif %}
group by municipality_code, session_date, channel_group, device_category
