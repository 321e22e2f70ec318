with source as (
    select * from {{ source('google_ads_api', 'google_ads_api__ad_groups') }}
)

select
    municipality_code,
    _load_id as load_id,
    customer_id,
    campaign_id,
    ad_group_id,
    ad_group_name,
    lower(status) as ad_group_status,
    lower(ad_group_type) as ad_group_type
from source
