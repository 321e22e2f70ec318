with source as (
    select * from {{ source('youtube', 'youtube__channel_days') }}
)

select
    municipality_code,
    _load_id as load_id,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    cast(views as bigint) as views,
    cast(watch_time_hours as double) as watch_time_hours,
    cast(subscriber_change as bigint) as subscriber_change,
    cast(subscribers_gained as bigint) as subscribers_gained,
    cast(subscribers_lost as bigint) as subscribers_lost,
    cast(impressions as bigint) as impressions,
    cast(likes as bigint) as likes,
    cast(comments as bigint) as comments,
    cast(shares as bigint) as shares
from source
