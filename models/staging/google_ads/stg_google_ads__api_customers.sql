{#- Google Ads accounts pulled through the API (one row per city and customer id). -#}
with source as (
    select * from {{ source('google_ads_api', 'google_ads_api__customers') }}
)

select
    municipality_code,
    _load_id as load_id,
    customer_id,
    descriptive_name as account_name,
    upper(currency_code) as currency_code,
    time_zone
from source
