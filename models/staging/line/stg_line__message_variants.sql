{#- LINE ABテスト patterns: the broadcasts whose download names a pattern in テスト/バリアント
    (raw column `variant`). The patterns of one test go out together, so the test is identified
    by its send time in Asia/Tokyo: test_id = 'line-YYYYMMDD-HHMM' (or 'line-YYYYMMDD' when the
    download gives only a date). Ordinary broadcasts (no pattern) are not here; they stay in
    stg_line__messages with the patterns, which are real deliveries too. -#}
with source as (
    select * from {{ source('line', 'line__messages') }}
    where nullif(trim(variant), '') is not null
),

typed as (
    select
        municipality_code,
        _load_id as load_id,
        message_id,
        account_name,
        cast(sent_at as timestamp) as sent_at,
        cast(sent_at as timestamp) + interval 9 hour as sent_local,
        cast(sent_on as date) as sent_on,
        upper(trim(variant)) as variant,
        {{ adapter.quote('text') }} as message_text,
        cast(delivered as bigint) as delivered,
        cast(opened as bigint) as opened,
        cast(clicks as bigint) as clicks
    from source
)

select
    municipality_code,
    load_id,
    message_id,
    account_name,
    case
        when sent_local is not null then 'line-' || {{ civicpulse.format_datetime('sent_local', '%Y%m%d-%H%M') }}
        else 'line-' || {{ civicpulse.format_datetime('sent_on', '%Y%m%d') }}
    end as test_id,
    variant,
    sent_at,
    coalesce(cast(sent_local as date), sent_on) as sent_date,
    message_text,
    delivered,
    opened,
    clicks
from typed
