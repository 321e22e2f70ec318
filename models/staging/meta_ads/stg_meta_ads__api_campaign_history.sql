{#- Campaign versions from the Marketing API (connector shape); is_current marks the latest. -#}
with source as (
    select * from {{ source('meta_ads_api', 'meta_ads_api__campaign_history') }}
)

select
    municipality_code,
    _load_id as load_id,
    campaign_id,
    account_id,
    campaign_name,
    status,
    objective,
    updated_at,
    fivetran_synced_at as synced_at,
    row_number() over (
        partition by municipality_code, campaign_id order by updated_at desc
    ) = 1 as is_current
from source
