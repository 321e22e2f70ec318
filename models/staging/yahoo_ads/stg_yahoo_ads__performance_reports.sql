{#- Yahoo! 広告 report rows, typed. Yahoo! JAPAN Ads bills in yen only, so cost is spend_jpy. -#}
with source as (
    select * from {{ source('yahoo_ads', 'yahoo_ads__performance_report') }}
),

renamed as (
    select
        municipality_code,
        _load_id as load_id,
        coalesce(ad_network, 'unknown') as ad_network,
        account_id,
        account_name,
        campaign_id,
        campaign_name,
        campaign_type as campaign_subtype,
        ad_group_id,
        ad_group_name,
        cast(day as date) as activity_date,
        cast(period_start_date as date) as period_start_date,
        cast(period_end_date as date) as period_end_date,
        cast(report_start_date as date) as report_start_date,
        cast(report_end_date as date) as report_end_date,
        case
            when device is null then 'all'
            when lower(replace(replace(device, ' ', ''), '_', ''))
                in ('スマートフォン', 'スマホ', 'smartphone', 'mobile', 'モバイル') then 'mobile'
            when lower(replace(replace(device, ' ', ''), '_', ''))
                in ('pc', 'パソコン', 'desktop', 'デスクトップ', 'computer') then 'desktop'
            when lower(replace(replace(device, ' ', ''), '_', '')) in ('タブレット', 'tablet')
                then 'tablet'
            else 'other'
        end as device,
        'JPY' as currency_code,
        cast(coalesce(impressions, 0) as bigint) as impressions,
        cast(viewable_impressions as bigint) as viewable_impressions,
        cast(coalesce(clicks, 0) as bigint) as clicks,
        cast(coalesce(cost, 0) as decimal(18, 2)) as cost,
        cast(coalesce(conversions, 0) as double) as conversions,
        cast(conversion_value as double) as conversion_value,
        cast(video_views as bigint) as video_views
    from source
)

select
    *,
    cost as spend_jpy
from renamed
