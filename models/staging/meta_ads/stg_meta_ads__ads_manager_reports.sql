{#- Meta Ads Manager export rows, typed. Reach stays per row: it counts people and does not add
    up across days, ad sets or breakdowns. -#}
with source as (
    select * from {{ source('meta_ads', 'meta_ads__ads_manager_report') }}
)

select
    municipality_code,
    _load_id as load_id,
    account_id,
    account_name,
    campaign_id,
    campaign_name,
    ad_set_id,
    ad_set_name,
    ad_id,
    ad_name,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    case
        when cast(period_start_date as date) = cast(period_end_date as date)
            then cast(period_start_date as date)
    end as activity_date,
    age,
    gender,
    region,
    platform as publisher_platform,
    placement,
    case
        when impression_device is null then 'all'
        when lower(impression_device) in ('iphone', 'ipod', 'android_smartphone', 'androidスマートフォン')
            or lower(impression_device) like '%smartphone%' or impression_device like '%スマートフォン%'
            then 'mobile'
        when lower(impression_device) in ('ipad', 'android_tablet', 'androidタブレット')
            or lower(impression_device) like '%tablet%' or impression_device like '%タブレット%'
            then 'tablet'
        when lower(impression_device) in ('desktop', 'デスクトップ', 'パソコン') then 'desktop'
        else 'other'
    end as device,
    upper(currency_code) as currency_code,
    cast(coalesce(impressions, 0) as bigint) as impressions,
    cast(reach as bigint) as reach,
    cast(frequency as double) as frequency,
    cast(link_clicks as bigint) as link_clicks,
    cast(clicks_all as bigint) as clicks_all,
    cast(coalesce(amount_spent, 0) as decimal(18, 2)) as cost,
    -- Spend is in the account currency; only JPY accounts convert without an FX rate.
    case
        when upper(currency_code) = 'JPY' then cast(coalesce(amount_spent, 0) as decimal(18, 2))
    end as spend_jpy,
    cast(results as double) as results,
    result_indicator,
    cast(thruplays as bigint) as thruplays,
    cast(video_plays as bigint) as video_plays,
    delivery,
    objective,
    attribution_setting
from source
