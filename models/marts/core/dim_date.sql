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
    select {{ day_series('coalesce(first_day, current_date)', 'coalesce(last_day, current_date)') }}
        as date_day
    from bounds
),

holidays as (
    select * from {{ ref('jp_holidays') }}
),

days as (
    select
        spine.date_day,
        holidays.holiday_name,
        extract(year from spine.date_day) as calendar_year,
        extract(month from spine.date_day) as calendar_month,
        extract(day from spine.date_day) as calendar_day
    from spine
    left join holidays on holidays.holiday_date = spine.date_day
)

select
    date_day,
    calendar_year,
    extract(month from date_day) as calendar_month,
    case when extract(month from date_day) >= 4 then extract(year from date_day)
         else extract(year from date_day) - 1 end as fiscal_year,
    case when extract(month from date_day) >= 4 then extract(month from date_day) - 3
         else extract(month from date_day) + 9 end as fiscal_month,
    {{ iso_day_of_week('date_day') }} as day_of_week,
    {{ iso_day_of_week('date_day') }} >= 6 as is_weekend,
    holiday_name is not null as is_holiday,
    holiday_name,
    -- City offices close at weekends, on holidays and from 29 December to 3 January.
    {{ iso_day_of_week('date_day') }} < 6 and holiday_name is null
        and not ((calendar_month = 12 and calendar_day >= 29) or (calendar_month = 1 and calendar_day <= 3))
        as is_business_day,
    case
        when date_day >= date '2019-05-01' then '令和' || case when calendar_year = 2019 then '元' else cast(calendar_year - 2018 as {{ dbt.type_string() }}) end
        else '平成' || cast(calendar_year - 1988 as {{ dbt.type_string() }})
    end || '年' || cast(calendar_month as {{ dbt.type_string() }}) || '月' || cast(calendar_day as {{ dbt.type_string() }}) || '日'
        as wareki_label,
    '令和' || case
        when (case when calendar_month >= 4 then calendar_year else calendar_year - 1 end) = 2019
            then '元'
        else cast((case when calendar_month >= 4 then calendar_year else calendar_year - 1 end) - 2018
            as {{ dbt.type_string() }})
    end || '年度' as fiscal_year_label
from days
