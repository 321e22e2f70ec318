{#- One row per メールマガジン issue with its counts and rates. Rates are recomputed from the
    counts (the template's rate cells are display text and may be bounds such as "< 10%"). -#}
with issues as (
    select * from {{ ref('stg_newsletter__issues') }}
)

select
    municipality_code,
    issue_id,
    list_name,
    subject,
    sent_at,
    sent_date,
    cast(case when month(sent_date) >= 4 then year(sent_date) else year(sent_date) - 1 end
        as integer) as fiscal_year,
    sent_count,
    delivered_count,
    error_count,
    open_count,
    click_count,
    unsubscribe_count,
    delivered_count / nullif(sent_count, 0) as delivery_rate,
    open_count / nullif(delivered_count, 0) as open_rate,
    click_count / nullif(delivered_count, 0) as click_rate,
    click_count / nullif(open_count, 0) as click_to_open_rate,
    unsubscribe_count / nullif(delivered_count, 0) as unsubscribe_rate
from issues
