with source as (
    select * from {{ source('search_console', 'search_console__filters') }}
)

select
    municipality_code,
    _load_id as load_id,
    {{ adapter.quote('filter') }} as filter_name,
    {{ adapter.quote('value') }} as filter_value
from source
