with source as (
    select * from {{ source('offline', 'offline__channel_activities') }}
)

select
    municipality_code,
    _load_id as load_id,
    _source_file as source_file,
    _row_number as source_row_number,
    cast(activity_date as date) as activity_date,
    channel_code as channel,
    channel_name as channel_name_as_written,
    programme as programme_name,
    topic,
    cast(reach as bigint) as reach,
    reach_bound,
    cast(cost_jpy as decimal(18, 2)) as cost_jpy,
    notes
from source
