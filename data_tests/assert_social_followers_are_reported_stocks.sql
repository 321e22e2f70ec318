-- Follower counts are stocks: the mart carries each day's reported count unchanged (never a
-- sum over days), and a day's follower_change is the difference from the day before.
with reported as (
    select municipality_code, platform, coalesce(account_name, '(not set)') as account_name,
           cast("date" as date) as activity_date, followers
    from {{ source('meta_insights', 'meta_insights__account_days') }}
    where followers is not null
    union all
    select municipality_code, 'line', coalesce(account_name, '(not set)'),
           cast("date" as date), friends
    from {{ source('line', 'line__friend_days') }}
    where friends is not null
),

mart as (
    select * from {{ ref('fct_social_account_daily') }}
),

mismatched_stock as (
    select r.municipality_code, r.platform, r.account_name, r.activity_date
    from reported as r
    left join mart as m
        on m.municipality_code = r.municipality_code
        and m.platform = r.platform
        and m.account_name = r.account_name
        and m.activity_date = r.activity_date
    where m.followers is distinct from r.followers
),

broken_change as (
    select today.municipality_code, today.platform, today.account_name, today.activity_date
    from mart as today
    inner join mart as yesterday
        on yesterday.municipality_code = today.municipality_code
        and yesterday.platform = today.platform
        and yesterday.account_name = today.account_name
        and {{ dbt.datediff('yesterday.activity_date', 'today.activity_date', 'day') }} = 1
    where today.followers is not null and yesterday.followers is not null
        and today.follower_change is distinct from today.followers - yesterday.followers
)

select * from mismatched_stock
union all
select * from broken_change
