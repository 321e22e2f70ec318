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
group by municipality_code, page_date, page_path
