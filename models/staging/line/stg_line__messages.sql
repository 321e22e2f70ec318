{#- LINE broadcasts. sent_at is UTC (LINE writes Asia/Tokyo wall time; the reader converted).
    Counts LINE hides as "<20" are null here, with the text kept in raw *_bound columns. -#}
with source as (
    select * from {{ source('line', 'line__messages') }}
)

select
    municipality_code,
    _load_id as load_id,
    message_id,
    account_name,
    cast(sent_at as timestamp) as sent_at,
    coalesce({{ to_tokyo_date('cast(sent_at as timestamp)') }}, cast(sent_on as date)) as sent_date,
    {{ adapter.quote('text') }} as message_text,
    delivery_type,
    cast(delivered as bigint) as delivered,
    cast(opened as bigint) as opened,
    cast(clicks as bigint) as clicks,
    cast(video_plays as bigint) as video_plays,
    cast(open_rate as double) as open_rate_reported,
    cast(click_rate as double) as click_rate_reported,
    coalesce(opened_bound, clicks_bound, delivered_bound) as small_count_bound
from source
