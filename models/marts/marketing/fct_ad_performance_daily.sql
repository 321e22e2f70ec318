{#- Daily ad delivery per campaign and device. Range-only downloads (no Day segment) cannot be
    placed on a day and stay in staging. -#}
select
    municipality_code,
    'google_ads' as platform,
    cast(null as varchar) as account_name,
    campaign_name,
    campaign_type,
    activity_date,
    device,
    currency_code,
    sum(impressions) as impressions,
    sum(clicks) as clicks,
    sum(spend_jpy) as spend_jpy,
    sum(cost) as cost,
    sum(conversions) as conversions,
    sum(video_views) as video_views
from {{ ref('stg_google_ads__campaign_reports') }}
where activity_date is not null
group by municipality_code, campaign_name, campaign_type, activity_date, device, currency_code
