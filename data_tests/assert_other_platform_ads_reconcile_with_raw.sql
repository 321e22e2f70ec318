-- Impressions, clicks and cost per city, platform and day in int_ad_performance_unioned_other_platforms
-- equal the raw Yahoo! 広告 and Meta rows they came from (rows that cover one day), recomputed
-- from the raw tables.
with raw_totals as (
    select municipality_code, 'yahoo_ads' as platform, cast("day" as date) as activity_date,
           sum(impressions) as impressions, sum(clicks) as clicks, sum(cost) as cost,
           true as present
    from {{ source('yahoo_ads', 'yahoo_ads__performance_report') }}
    where "day" is not null
    group by 1, 2, 3
    union all
    select municipality_code, 'meta_ads', cast(period_start_date as date),
           sum(impressions), sum(coalesce(link_clicks, clicks_all, 0)), sum(amount_spent), true
    from {{ source('meta_ads', 'meta_ads__ads_manager_report') }}
    where period_start_date = period_end_date
        and coalesce(campaign_name, campaign_id) is not null
    group by 1, 2, 3
),

model_totals as (
    select municipality_code, platform, activity_date,
           sum(impressions) as impressions, sum(clicks) as clicks, sum(cost) as cost,
           count(*) as model_rows, true as present
    from {{ ref('int_ad_performance_unioned_other_platforms') }}
    group by 1, 2, 3
)

select *
from raw_totals
full outer join model_totals using (municipality_code, platform, activity_date)
where raw_totals.present is null
   or model_totals.present is null
   or coalesce(raw_totals.impressions, 0) is distinct from coalesce(model_totals.impressions, 0)
   or coalesce(raw_totals.clicks, 0) is distinct from coalesce(model_totals.clicks, 0)
   or abs(coalesce(raw_totals.cost, 0) - coalesce(model_totals.cost, 0))
      > 0.005 * coalesce(model_totals.model_rows, 1)
