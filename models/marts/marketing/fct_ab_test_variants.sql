{#- A/B test variants of every channel that has them (today: LINE ABテスト), one row per test
    and variant with sends, opens and clicks and their rates. ml_ab_test_results compares the
    variants of each test. -#}
with line_variants as (
    select
        municipality_code,
        'line' as channel,
        coalesce(account_name, '(not set)') as account_name,
        test_id,
        variant,
        sent_at,
        sent_date as test_date,
        message_text as variant_text,
        delivered as sends,
        opened as opens,
        clicks
    from {{ ref('stg_line__message_variants') }}
),

variants as (
    select * from line_variants
)

select
    v.municipality_code,
    v.channel,
    v.account_name,
    v.test_id,
    v.variant,
    v.sent_at,
    v.test_date,
    v.variant_text,
    v.sends,
    v.opens,
    v.clicks,
    v.opens / nullif(v.sends, 0) as open_rate,
    v.clicks / nullif(v.sends, 0) as click_rate,
    count(*) over (partition by v.municipality_code, v.channel, v.account_name, v.test_id)
        as variants_in_test
from variants as v
