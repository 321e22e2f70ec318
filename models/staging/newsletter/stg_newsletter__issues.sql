{#- Newsletter issues, typed; sent_at converted from Asia/Tokyo wall time to UTC. When the
    template gives only one of 到達数 / エラー数, the other is 配信数 minus it. -#}
with source as (
    select * from {{ source('newsletter', 'newsletter__issues') }}
)

select
    municipality_code,
    _load_id as load_id,
    issue_id,
    list_name,
    subject,
    {{ tokyo_wall_time_to_utc('cast(sent_at as timestamp)') }} as sent_at,
    cast(sent_at as date) as sent_date,
    cast(sent_count as bigint) as sent_count,
    cast(coalesce(delivered_count, sent_count - error_count) as bigint) as delivered_count,
    cast(coalesce(error_count, sent_count - delivered_count) as bigint) as error_count,
    cast(open_count as bigint) as open_count,
    cast(click_count as bigint) as click_count,
    cast(unsubscribe_count as bigint) as unsubscribe_count,
    open_rate as open_rate_as_written,
    click_rate as click_rate_as_written
from source
