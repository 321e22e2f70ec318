{#- Marketing API actions per ad, day and action type (connector shape). -#}
with source as (
    select * from {{ source('meta_ads_api', 'meta_ads_api__basic_ad_actions') }}
)

select
    municipality_code,
    _load_id as load_id,
    ad_id,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    action_type,
    cast({{ adapter.quote('value') }} as double) as action_count,
    cast(value_inline as double) as action_count_inline,
    cast(value_1d_view as double) as action_count_1d_view,
    cast(value_1d_click as double) as action_count_1d_click,
    cast(value_7d_click as double) as action_count_7d_click,
    cast(value_28d_click as double) as action_count_28d_click,
    cast(value_28d_view as double) as action_count_28d_view,
    fivetran_synced_at as synced_at
from source
