with source as (
    select * from {{ source('x', 'x__account_days') }}
)

select
    municipality_code,
    _load_id as load_id,
    account_handle,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    cast(posts_published as bigint) as posts_published,
    cast(impressions as bigint) as impressions,
    cast(engagements as bigint) as engagements,
    cast(reposts as bigint) as reposts,
    cast(replies as bigint) as replies,
    cast(likes as bigint) as likes,
    cast(url_clicks as bigint) as url_clicks,
    cast(profile_clicks as bigint) as profile_clicks,
    cast(follows as bigint) as new_follows,
    cast(unfollows as bigint) as unfollows,
    cast(coalesce(video_views, media_views) as bigint) as video_views
from source
