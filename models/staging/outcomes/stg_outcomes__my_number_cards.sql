with source as (
    select * from {{ source('outcomes', 'outcomes__my_number_cards') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast(activity_date as date) as activity_date,
    cast(applications as bigint) as applications,
    cast(online_applications as bigint) as online_applications,
    cast(issued as bigint) as issued,
    cast(cumulative_issued as bigint) as cumulative_issued,
    cast(population as bigint) as population,
    case when population > 0 then cast(cumulative_issued as double) / population end
        as issuance_rate
from source
