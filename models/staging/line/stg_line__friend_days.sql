{#- LINE friends per day. friends and blocks are running totals (stocks): never add them up
    across days; the day's change is the difference from the day before. -#}
with source as (
    select * from {{ source('line', 'line__friend_days') }}
)

select
    municipality_code,
    _load_id as load_id,
    account_name,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    cast(friends as bigint) as friends,
    cast(target_reach as bigint) as target_reach,
    cast(blocks as bigint) as blocks
from source
