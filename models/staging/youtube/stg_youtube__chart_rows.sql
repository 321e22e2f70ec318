with source as (
    select * from {{ source('youtube', 'youtube__chart_rows') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    dimension,
    dimension_value,
    video_title,
    cast(views as bigint) as views,
    cast(watch_time_hours as double) as watch_time_hours,
    cast(subscriber_change as bigint) as subscriber_change,
    cast(impressions as bigint) as impressions
from source
