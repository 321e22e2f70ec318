-- Search Console never reports more clicks than impressions, and the mart keeps every day of
-- the raw chart exactly once.
select municipality_code, activity_date, 'clicks exceed impressions' as problem
from {{ ref('fct_search_console_daily') }}
where clicks > impressions
union all
select municipality_code, cast("date" as date), 'day missing from the mart'
from {{ source('search_console', 'search_console__dates') }} as r
where not exists (
    select 1 from {{ ref('fct_search_console_daily') }} as m
    where m.municipality_code = r.municipality_code and m.activity_date = cast(r."date" as date)
)
