{#- Marketing API daily insights per ad (connector shape). Spend is in the account currency,
    which these tables do not carry. -#}
with source as (
    select * from {{ source('meta_ads_api', 'meta_ads_api__basic_ad') }}
)

select
    municipality_code,
    _load_id as load_id,
    ad_id,
    account_id,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    cast(coalesce(impressions, 0) as bigint) as impressions,
    cast(inline_link_clicks as bigint) as link_clicks,
    cast(coalesce(spend, 0) as decimal(18, 2)) as cost,
    cast(reach as bigint) as reach,
    cast(frequency as double) as frequency,
    fivetran_synced_at as synced_at
from source
