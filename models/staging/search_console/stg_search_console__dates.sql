with source as (
    select * from {{ source('search_console', 'search_console__dates') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    cast(clicks as bigint) as clicks,
    cast(impressions as bigint) as impressions,
    cast(ctr as double) as ctr_reported,
    cast(position as double) as average_position
from source
