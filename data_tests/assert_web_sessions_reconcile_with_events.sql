-- Every GA4 session in the events is counted once in the daily sessions mart.
with from_events as (
    select municipality_code, count(distinct session_key) as sessions
    from {{ ref('stg_ga4__events') }}
    where ga_session_id is not null and user_pseudo_id is not null
    group by 1
),
from_mart as (
    select municipality_code, sum(sessions) as sessions
    from {{ ref('fct_web_sessions_daily') }}
    group by 1
)
select *
from from_events full outer join from_mart using (municipality_code)
where from_events.sessions is distinct from from_mart.sessions
