with source as (
    select * from {{ source('meta_insights', 'meta_insights__audience_shares') }}
)

select
    municipality_code,
    _load_id as load_id,
    platform,
    age_range,
    gender,
    cast(share as double) as audience_share
from source
