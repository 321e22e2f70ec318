{#- Daily ad delivery per account, campaign and device, from the Google Ads API and from UI
    report downloads. When the API has a campaign on a day, the API rows are that day's truth
    and export rows for the same city, campaign (by name) and day are left out: the API covers
    every device, and an export without a Device segment ('all') would otherwise double count.
    Range-only downloads (no Day segment) cannot be placed on a day and stay in staging. -#}
with api_rows as (
    select
        daily.municipality_code,
        customers.account_name,
        coalesce(campaigns.campaign_name, 'campaign ' || daily.campaign_id) as campaign_name,
        campaigns.campaign_type,
        daily.activity_date,
        -- the export reports TV screens and unknown devices as 'other' too
        case when daily.device in ('mobile', 'desktop', 'tablet') then daily.device
             else 'other' end as device,
        daily.currency_code,
        daily.impressions,
        daily.clicks,
        daily.spend_jpy,
        daily.cost,
        daily.conversions,
        daily.video_views,
        'api' as data_source
    from {{ ref('stg_google_ads__api_campaign_daily') }} as daily
    left join {{ ref('stg_google_ads__api_campaigns') }} as campaigns
        on campaigns.municipality_code = daily.municipality_code
        and campaigns.customer_id = daily.customer_id
        and campaigns.campaign_id = daily.campaign_id
    left join {{ ref('stg_google_ads__api_customers') }} as customers
        on customers.municipality_code = daily.municipality_code
        and customers.customer_id = daily.customer_id
),

api_campaign_days as (
    select distinct municipality_code, campaign_name, activity_date from api_rows
),

export_rows as (
    select
        report.municipality_code,
        cast(null as {{ dbt.type_string() }}) as account_name,
        report.campaign_name,
        report.campaign_type,
        report.activity_date,
        report.device,
        report.currency_code,
        report.impressions,
        report.clicks,
        report.spend_jpy,
        report.cost,
        report.conversions,
        report.video_views,
        'export' as data_source
    from {{ ref('stg_google_ads__campaign_reports') }} as report
    where report.activity_date is not null
        and not exists (
            select 1
            from api_campaign_days as api
            where api.municipality_code = report.municipality_code
                and api.campaign_name = report.campaign_name
                and api.activity_date = report.activity_date
        )
),

combined as (
    select * from api_rows
    union all
    select * from export_rows
)

select
    municipality_code,
    'google_ads' as platform,
    account_name,
    campaign_name,
    campaign_type,
    activity_date,
    device,
    currency_code,
    data_source,
    cast(sum(impressions) as bigint) as impressions,
    cast(sum(clicks) as bigint) as clicks,
    cast(sum(spend_jpy) as decimal(18, 2)) as spend_jpy,
    cast(sum(cost) as decimal(18, 2)) as cost,
    sum(conversions) as conversions,
    cast(sum(video_views) as bigint) as video_views,
    cast(null as bigint) as reach
from combined
group by
    municipality_code, account_name, campaign_name, campaign_type, activity_date, device,
    currency_code, data_source

-- Yahoo! JAPAN Ads and Meta rows in the same columns (plus reach, null for Google).
union all
select * from {{ ref('int_ad_performance_unioned_other_platforms') }}
