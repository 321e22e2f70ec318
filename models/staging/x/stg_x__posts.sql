{#- X posts, typed. posted_at is UTC (the export writes "+0000"); the newer export gives only a
    day, kept in posted_on. Text is the city's own public post, kept verbatim. -#}
with source as (
    select * from {{ source('x', 'x__posts') }}
)

select
    municipality_code,
    _load_id as load_id,
    post_id,
    account_handle,
    permalink,
    {{ adapter.quote('text') }} as post_text,
    cast(posted_at as timestamp) as posted_at,
    coalesce({{ to_tokyo_date('cast(posted_at as timestamp)') }}, cast(posted_on as date)) as posted_date,
    cast(impressions as bigint) as impressions,
    cast(engagements as bigint) as engagements,
    cast(engagement_rate as double) as engagement_rate_reported,
    cast(reposts as bigint) as reposts,
    cast(replies as bigint) as replies,
    cast(likes as bigint) as likes,
    cast(bookmarks as bigint) as bookmarks,
    cast(profile_clicks as bigint) as profile_clicks,
    cast(url_clicks as bigint) as url_clicks,
    cast(hashtag_clicks as bigint) as hashtag_clicks,
    cast(detail_expands as bigint) as detail_expands,
    cast(follows as bigint) as follows,
    cast(media_views as bigint) as media_views,
    cast(media_engagements as bigint) as media_engagements,
    cast(promoted_impressions as bigint) as promoted_impressions,
    cast(promoted_engagements as bigint) as promoted_engagements
from source
