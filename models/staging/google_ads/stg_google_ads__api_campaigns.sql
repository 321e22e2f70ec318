with source as (
    select * from {{ source('google_ads_api', 'google_ads_api__campaigns') }}
)

select
    municipality_code,
    _load_id as load_id,
    customer_id,
    campaign_id,
    campaign_name,
    lower(status) as campaign_status,
    -- search, display, video, performance_max, demand_gen, … (the export staging's values)
    lower(advertising_channel_type) as campaign_type,
    lower(advertising_channel_sub_type) as campaign_sub_type,
    -- 'yyyy-MM-dd HH:mm:ss' in the account's time zone; empty when not set
    cast(try_cast(nullif(start_date_time, '') as timestamp) as date) as start_date,
    cast(try_cast(nullif(end_date_time, '') as timestamp) as date) as end_date,
    budget_id,
    lower(budget_period) as budget_period,
    budget_amount_micros,
    cast(budget_amount as decimal(18, 6)) as budget_amount,
    upper(currency_code) as currency_code,
    case when upper(currency_code) = 'JPY' then cast(budget_amount as decimal(18, 6)) end
        as budget_jpy
from source
