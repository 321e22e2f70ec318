{#- Executives' KPIs by month, with the fiscal year's target and the same month a year earlier.
    One row per municipality × month × KPI. Values are ratios (0–1), counts or yen (see unit). -#}
with months as (
    select distinct municipality_code, {{ month_start('activity_date') }} as month_start
    from {{ ref('fct_channel_daily') }}
),

online_rate as (
    select municipality_code, {{ month_start('activity_date') }} as month_start,
           'online_procedure_rate' as kpi_id,
           sum(online_count) / nullif(sum(total_count), 0) as kpi_value
    from {{ ref('fct_civic_outcomes_daily') }}
    where outcome_type = 'e_application'
    group by 1, 2
),

my_number as (
    select municipality_code, {{ month_start('activity_date') }} as month_start,
           'my_number_card_rate' as kpi_id,
           max_by(cumulative_issued, activity_date) filter (where cumulative_issued is not null)
               / nullif(max_by(population, activity_date) filter (where population is not null), 0)
               as kpi_value
    from {{ ref('stg_outcomes__my_number_cards') }}
    group by 1, 2
),

sessions as (
    select municipality_code, {{ month_start('activity_date') }} as month_start,
           'web_sessions' as kpi_id, cast(sum(sessions) as double) as kpi_value
    from {{ ref('fct_web_sessions_daily') }}
    group by 1, 2
),

ad_spend as (
    select municipality_code, {{ month_start('activity_date') }} as month_start,
           sum(spend_jpy) as spend_jpy
    from {{ ref('fct_ad_performance_daily') }}
    group by 1, 2
),

online_applications as (
    select municipality_code, {{ month_start('activity_date') }} as month_start,
           sum(online_count) as online_count
    from {{ ref('fct_civic_outcomes_daily') }}
    where outcome_type = 'e_application'
    group by 1, 2
),

cost_per_outcome as (
    select ad_spend.municipality_code, ad_spend.month_start,
           'ad_cost_per_online_application' as kpi_id,
           cast(ad_spend.spend_jpy as double) / nullif(online_applications.online_count, 0)
               as kpi_value
    from ad_spend
    join online_applications using (municipality_code, month_start)
),

channel_reach as (
    select municipality_code, {{ month_start('activity_date') }} as month_start,
           'reach_' || channel_family as kpi_id, cast(sum(reach_or_contacts) as double) as kpi_value
    from {{ ref('fct_channel_daily') }}
    group by 1, 2, 3
),

followers as (
    select municipality_code, {{ month_start('activity_date') }} as month_start,
           'follower_growth' as kpi_id, cast(sum(follower_change) as double) as kpi_value
    from {{ ref('fct_social_account_daily') }}
    group by 1, 2
),

accessibility as (
    select municipality_code, {{ month_start('audit_date') }} as month_start,
           'accessibility_pass_rate' as kpi_id,
           avg(case when has_violations then 0.0 else 1.0 end) as kpi_value
    from {{ ref('fct_page_accessibility') }}
    group by 1, 2
),

easy_japanese as (
    select pages_daily.municipality_code,
           {{ month_start('pages_daily.activity_date') }} as month_start,
           'easy_japanese_page_share' as kpi_id,
           count(distinct pages_daily.page_path) filter (where pages.has_easy_japanese_version)
               / nullif(count(distinct pages_daily.page_path), 0) as kpi_value
    from {{ ref('fct_pages_daily') }} as pages_daily
    join {{ ref('dim_pages') }} as pages
        on pages.municipality_code = pages_daily.municipality_code
        and pages.page_path = pages_daily.page_path
    where pages.language = 'ja'
    group by 1, 2
),

values_by_month as (
    select * from online_rate
    union all select * from my_number
    union all select * from sessions
    union all select * from cost_per_outcome
    union all select * from channel_reach
    union all select * from followers
    union all select * from accessibility
    union all select * from easy_japanese
),

with_fiscal as (
    select
        values_by_month.*,
        case when extract(month from month_start) >= 4 then extract(year from month_start)
             else extract(year from month_start) - 1 end as fiscal_year,
        case when extract(month from month_start) >= 4 then extract(month from month_start) - 3
             else extract(month from month_start) + 9 end as fiscal_month
    from values_by_month
    where kpi_value is not null
)

select
    this_month.municipality_code,
    cast(this_month.month_start as date) as month_start_date,
    cast(this_month.fiscal_year as integer) as fiscal_year,
    cast(this_month.fiscal_month as integer) as fiscal_month,
    this_month.kpi_id,
    coalesce(targets.name_ja, this_month.kpi_id) as kpi_name_ja,
    coalesce(targets.name_en, this_month.kpi_id) as kpi_name_en,
    this_month.kpi_value,
    targets.target_value,
    targets.unit,
    targets.direction,
    case
        when targets.target_value is null then null
        when targets.direction = 'lower' then this_month.kpi_value <= targets.target_value
        else this_month.kpi_value >= targets.target_value
    end as is_on_target,
    last_year.kpi_value as previous_year_value
from with_fiscal as this_month
left join {{ ref('kpi_targets') }} as targets
    on targets.kpi_id = this_month.kpi_id and targets.fiscal_year = this_month.fiscal_year
left join with_fiscal as last_year
    on last_year.municipality_code = this_month.municipality_code
    and last_year.kpi_id = this_month.kpi_id
    and last_year.month_start = this_month.month_start - interval 1 year
