{#- Calendar with the Japanese fiscal year (April start). The span covers every date in the
    data, padded to whole fiscal years. -#}
with bounds as (
    select min(d) as first_day, max(d) as last_day from (
        select min(activity_date) as d from {{ ref('fct_civic_outcomes_daily') }}
        union all select max(activity_date) from {{ ref('fct_civic_outcomes_daily') }}
        union all select min(session_date) from {{ ref('fct_web_sessions') }}
        union all select max(session_date) from {{ ref('fct_web_sessions') }}
        union all select min(activity_date) from {{ ref('fct_ad_performance_daily') }}
        union all select max(activity_date) from {{ ref('fct_ad_performance_daily') }}
    ) as all_dates
),

spine as (
    select cast(unnest(generate_series(
        cast(coalesce(first_day, current_date) as timestamp),
        cast(coalesce(last_day, current_date) as timestamp),
        interval 1 day
    )) as date) as date_day
    from bounds
)

select
    date_day,
    extract(year from date_day) as calendar_year,
    extract(month from date_day) as calendar_month,
    case when extract(month from date_day) >= 4 then extract(year from date_day)
         else extract(year from date_day) - 1 end as fiscal_year,
    case when extract(month from date_day) >= 4 then extract(month from date_day) - 3
         else extract(month from date_day) + 9 end as fiscal_month,
    extract(isodow from date_day) as day_of_week,
    extract(isodow from date_day) >= 6 as is_weekend
from spine
