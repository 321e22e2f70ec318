with source as (
    select * from {{ source('google_ads_api', 'google_ads_api__ads') }}
)

select
    municipality_code,
    _load_id as load_id,
    customer_id,
    campaign_id,
    ad_group_id,
    ad_id,
    nullif(ad_name, '') as ad_name,
    lower(ad_type) as ad_type,
    lower(status) as ad_status,
    final_urls,
    -- the landing page, to join with GA4 page_location
    final_urls[1] as final_url
from source
