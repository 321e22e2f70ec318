{#- Daily delivery per ad and device. -#}
with source as (
    select * from {{ source('google_ads_api', 'google_ads_api__ad_daily') }}
)

select
    municipality_code,
    _load_id as load_id,
    customer_id,
    campaign_id,
    ad_group_id,
    ad_id,
    {{ adapter.quote('date') }} as activity_date,
    lower(device) as device,
    impressions,
    clicks,
    interactions,
    cost_micros,
    cast(cost as decimal(18, 6)) as cost,
    upper(currency_code) as currency_code,
    -- Cost is in the account currency; only JPY accounts convert without an FX rate.
    case when upper(currency_code) = 'JPY' then cast(cost as decimal(18, 6)) end as spend_jpy,
    conversions,
    conversions_value,
    view_through_conversions,
    video_trueview_views as video_views,
    video_quartile_p25_rate,
    video_quartile_p50_rate,
    video_quartile_p75_rate,
    video_quartile_p100_rate
from source
