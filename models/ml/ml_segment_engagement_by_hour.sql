{#- When each web segment visits: sessions and engaged sessions by day of week and hour
    (Asia/Tokyo), for every segment and for all users (segment_scope 'all', segment_id null).
    Cells with fewer sessions, or fewer engaged sessions, than the suppression threshold are
    left out: both counts are published. -#}
{%- set threshold = var('ml_suppression_threshold', 10) %}
with sessions as (
    select
        s.municipality_code,
        u.segment_id,
        isodow(s.session_start_at + interval 9 hour) as day_of_week,
        hour(s.session_start_at + interval 9 hour) as hour_of_day,
        s.is_engaged
    from {{ ref('fct_web_sessions') }} as s
    inner join {{ ref('ml_user_segments') }} as u
        on u.municipality_code = s.municipality_code and u.user_key = s.user_key
),

cells as (
    select
        municipality_code,
        case when segment_id is null then 'all' else 'segment' end as segment_scope,
        segment_id,
        day_of_week,
        hour_of_day,
        count(*) as sessions,
        count(*) filter (where is_engaged) as engaged_sessions
    from sessions
    group by grouping sets (
        (municipality_code, segment_id, day_of_week, hour_of_day),
        (municipality_code, day_of_week, hour_of_day)
    )
)

select
    municipality_code,
    segment_scope,
    segment_id,
    cast(day_of_week as integer) as day_of_week,
    cast(hour_of_day as integer) as hour_of_day,
    sessions,
    engaged_sessions,
    engaged_sessions / sessions as engagement_rate
from cells
where sessions >= {{ threshold }} and engaged_sessions >= {{ threshold }}
