-- Spend, clicks and impressions per day in the mart equal the raw Google Ads rows.
with raw_totals as (
    select municipality_code, cast(day as date) as activity_date,
           sum(impressions) as impressions, sum(clicks) as clicks, sum(cost) as cost
    from {{ source('google_ads', 'google_ads__campaign_report') }}
    where day is not null
    group by 1, 2
),
mart_totals as (
    select municipality_code, activity_date,
           sum(impressions) as impressions, sum(clicks) as clicks, sum(cost) as cost
    from {{ ref('fct_ad_performance_daily') }}
    group by 1, 2
)
select *
from raw_totals
full outer join mart_totals using (municipality_code, activity_date)
where raw_totals.impressions is distinct from mart_totals.impressions
   or raw_totals.clicks is distinct from mart_totals.clicks
   or abs(coalesce(raw_totals.cost, 0) - coalesce(mart_totals.cost, 0)) > 0.005
