with source as (
    select * from {{ source('google_ads', 'google_ads__campaign_report') }}
),

renamed as (
    select
        municipality_code,
        _load_id as load_id,
        campaign as campaign_name,
        case
            when campaign_type in ('検索', 'Search') then 'search'
            when campaign_type in ('ディスプレイ', 'Display') then 'display'
            when campaign_type in ('動画', 'Video') then 'video'
            when campaign_type in ('P-MAX', 'Performance Max', 'P-MAX キャンペーン') then 'performance_max'
            when campaign_type in ('デマンド ジェネレーション', 'Demand Gen') then 'demand_gen'
            else lower(coalesce(campaign_type, 'unknown'))
        end as campaign_type,
        campaign_status,
        cast(day as date) as activity_date,
        cast(report_start_date as date) as report_start_date,
        cast(report_end_date as date) as report_end_date,
        case
            when device in ('携帯電話', 'Mobile phones', 'モバイル') then 'mobile'
            when device in ('パソコン', 'Computers') then 'desktop'
            when device in ('タブレット', 'Tablets') then 'tablet'
            when device is null then 'all'
            else 'other'
        end as device,
        upper(currency_code) as currency_code,
        cast(coalesce(impressions, 0) as bigint) as impressions,
        cast(coalesce(clicks, 0) as bigint) as clicks,
        cast(coalesce(cost, 0) as decimal(18, 2)) as cost,
        cast(coalesce(conversions, 0) as double) as conversions,
        cast(video_views as bigint) as video_views
    from source
)

select
    *,
    -- Spend is reported in the account currency; only JPY accounts convert without an FX rate.
    case when currency_code = 'JPY' then cost end as spend_jpy
from renamed
