with source as (
    select * from {{ source('search_console', 'search_console__filters') }}
)

select
    municipality_code,
    _load_id as load_id,
    "filter" as filter_name,
    "value" as filter_value
from source
