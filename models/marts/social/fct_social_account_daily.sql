{#- One row per platform, account and day, from each platform's daily export. followers is a
    stock (the count at the end of the day): it is carried as reported and never summed
    across days. follower_change is the difference from the previous day's followers when
    both days are present, else the platform's own net change (new − lost). -#}
with x_days as (
    select
        municipality_code, 'x' as platform, coalesce(account_handle, '(not set)') as account_name,
        activity_date, cast(null as bigint) as followers, new_follows as new_followers,
        unfollows as lost_followers, cast(null as bigint) as reach, impressions, engagements,
        video_views, posts_published, cast(null as bigint) as reachable_followers,
        cast(null as bigint) as blocked_followers
    from {{ ref('stg_x__account_days') }}
),

meta_days as (
    select
        municipality_code, platform, coalesce(account_name, '(not set)') as account_name,
        activity_date, followers, new_followers, unfollows as lost_followers, reach,
        coalesce(impressions, views) as impressions, engagements,
        cast(null as bigint) as video_views, cast(null as bigint) as posts_published,
        cast(null as bigint) as reachable_followers, cast(null as bigint) as blocked_followers
    from {{ ref('stg_meta_insights__account_days') }}
),

youtube_days as (
    select
        municipality_code, 'youtube' as platform, '(not set)' as account_name, activity_date,
        cast(null as bigint) as followers,
        coalesce(subscribers_gained, greatest(subscriber_change, 0)) as new_followers,
        subscribers_lost as lost_followers, cast(null as bigint) as reach, impressions,
        case
            when coalesce(likes, comments, shares) is not null
                then coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0)
        end as engagements,
        views as video_views, cast(null as bigint) as posts_published,
        cast(null as bigint) as reachable_followers, cast(null as bigint) as blocked_followers,
        subscriber_change
    from {{ ref('stg_youtube__channel_days') }}
),

line_days as (
    select
        municipality_code, 'line' as platform, coalesce(account_name, '(not set)') as account_name,
        activity_date, friends as followers, cast(null as bigint) as new_followers,
        cast(null as bigint) as lost_followers, cast(null as bigint) as reach,
        cast(null as bigint) as impressions, cast(null as bigint) as engagements,
        cast(null as bigint) as video_views, cast(null as bigint) as posts_published,
        target_reach as reachable_followers, blocks as blocked_followers
    from {{ ref('stg_line__friend_days') }}
),

unioned as (
    select *, cast(null as bigint) as subscriber_change from x_days
    union all
    select *, cast(null as bigint) from meta_days
    union all
    select * from youtube_days
    union all
    select *, cast(null as bigint) from line_days
),

with_previous as (
    select
        *,
        lag(activity_date) over by_account as previous_date,
        lag(followers) over by_account as previous_followers
    from unioned
    window by_account as (
        partition by municipality_code, platform, account_name order by activity_date
    )
),

posts as (
    select municipality_code, platform, account_name, posted_date, count(*) as n_posts
    from {{ ref('fct_social_posts') }}
    group by 1, 2, 3, 4
)

select
    d.municipality_code,
    d.platform,
    d.account_name,
    d.activity_date,
    d.followers,
    cast(
        case
            when d.followers is not null and d.previous_followers is not null
                and {{ dbt.datediff('d.previous_date', 'd.activity_date', 'day') }} = 1
                then d.followers - d.previous_followers
            when d.subscriber_change is not null then d.subscriber_change
            when d.new_followers is not null and d.lost_followers is not null
                then d.new_followers - d.lost_followers
        end as bigint
    ) as follower_change,
    d.new_followers,
    d.lost_followers,
    d.reach,
    d.impressions,
    d.engagements,
    d.video_views,
    coalesce(d.posts_published, p.n_posts, 0) as posts_published,
    d.reachable_followers,
    d.blocked_followers
from with_previous as d
left join posts as p
    on p.municipality_code = d.municipality_code
    and p.platform = d.platform
    and p.account_name = d.account_name
    and p.posted_date = d.activity_date
