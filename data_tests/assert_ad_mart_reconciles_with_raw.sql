-- Impressions, clicks and cost per city, day and source in the ad mart equal the raw rows they
-- came from, recomputed from the raw tables: API rows against the API's campaign_daily table,
-- export rows against the downloaded reports minus the campaign-days the API covers (there the
-- API rows win). API cost is rounded to sen per mart row, hence the per-row tolerance.
with api_campaign_days as (
    select distinct
        daily.municipality_code,
        coalesce(campaigns.campaign_name, 'campaign ' || daily.campaign_id) as campaign_name,
        daily."date" as activity_date
    from {{ source('google_ads_api', 'google_ads_api__campaign_daily') }} as daily
    left join {{ source('google_ads_api', 'google_ads_api__campaigns') }} as campaigns
        on campaigns.municipality_code = daily.municipality_code
        and campaigns.customer_id = daily.customer_id
        and campaigns.campaign_id = daily.campaign_id
),

raw_totals as (
    select municipality_code, "date" as activity_date, 'api' as data_source,
           sum(impressions) as impressions, sum(clicks) as clicks,
           sum(cost_micros) / 1000000.0 as cost, true as present
    from {{ source('google_ads_api', 'google_ads_api__campaign_daily') }}
    group by 1, 2
    union all
    select report.municipality_code, cast(report.day as date), 'export',
           sum(report.impressions), sum(report.clicks), sum(report.cost), true
    from {{ source('google_ads', 'google_ads__campaign_report') }} as report
    where report.day is not null
        and not exists (
            select 1 from api_campaign_days as api
            where api.municipality_code = report.municipality_code
                and api.campaign_name = report.campaign
                and api.activity_date = cast(report.day as date)
        )
    group by 1, 2
),

mart_totals as (
    select municipality_code, activity_date, data_source,
           sum(impressions) as impressions, sum(clicks) as clicks, sum(cost) as cost,
           count(*) as mart_rows, true as present
    from {{ ref('fct_ad_performance_daily') }}
    where platform = 'google_ads'  -- other platforms: assert_other_platform_ads_reconcile_with_raw
    group by 1, 2, 3
)

select *
from raw_totals
full outer join mart_totals using (municipality_code, activity_date, data_source)
where raw_totals.present is null  -- a day and source on one side only
   or mart_totals.present is null
   or coalesce(raw_totals.impressions, 0) is distinct from coalesce(mart_totals.impressions, 0)
   or coalesce(raw_totals.clicks, 0) is distinct from coalesce(mart_totals.clicks, 0)
   or abs(coalesce(raw_totals.cost, 0) - coalesce(mart_totals.cost, 0))
      > 0.005 * coalesce(mart_totals.mart_rows, 1)
