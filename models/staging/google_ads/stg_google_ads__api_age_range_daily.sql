{#- Daily delivery per ad group and viewer age range (閲覧者属性). -#}
with source as (
    select * from {{ source('google_ads_api', 'google_ads_api__age_range_daily') }}
)

select
    municipality_code,
    _load_id as load_id,
    customer_id,
    campaign_id,
    ad_group_id,
    criterion_id,
    {{ adapter.quote('date') }} as activity_date,
    case age_range
        when 'AGE_RANGE_18_24' then '18-24'
        when 'AGE_RANGE_25_34' then '25-34'
        when 'AGE_RANGE_35_44' then '35-44'
        when 'AGE_RANGE_45_54' then '45-54'
        when 'AGE_RANGE_55_64' then '55-64'
        when 'AGE_RANGE_65_UP' then '65+'
        when 'AGE_RANGE_UNDETERMINED' then 'undetermined'
        else lower(age_range)
    end as age_range,
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
