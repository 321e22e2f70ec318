{#- YouTube table data. For dimension = 'content' each row is one video (dimension_value is
    the video id); metrics cover the period of the latest export that listed it. -#}
with source as (
    select * from {{ source('youtube', 'youtube__table_rows') }}
)

select
    municipality_code,
    _load_id as load_id,
    dimension,
    dimension_value,
    case when dimension = 'content' then dimension_value end as video_id,
    video_title,
    cast(video_published_on as date) as video_published_date,
    cast(duration_sec as double) as duration_sec,
    cast(views as bigint) as views,
    cast(watch_time_hours as double) as watch_time_hours,
    cast(average_view_duration_sec as double) as average_view_duration_sec,
    cast(subscriber_change as bigint) as subscriber_change,
    cast(impressions as bigint) as impressions,
    cast(impressions_ctr as double) as impressions_ctr,
    cast(likes as bigint) as likes,
    cast(comments as bigint) as comments,
    cast(shares as bigint) as shares
from source
