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
group by municipality_code, session_date, channel_group, device_category
