{#- One row per web user with the recency / frequency facts the segment model uses. -#}
select
    municipality_code,
    user_key,
    count(*) as n_sessions,
    min(ga_session_number) as first_session_number,
    min(session_date) as first_session_date,
    max(session_date) as last_session_date
from {{ ref('fct_web_sessions') }}
group by municipality_code, user_key
