with source as (
    select * from {{ source('civic', 'civic__e_applications') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast(application_date as date) as activity_date,
    procedure_id,
    procedure_name,
    cast(online_count as bigint) as online_count,
    cast(coalesce(counter_count, 0) as bigint) as counter_count
from source
