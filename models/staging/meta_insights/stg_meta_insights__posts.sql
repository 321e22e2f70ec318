{#- Facebook / Instagram posts. Meta Business Suite writes publish times in the account's time
    zone (Asia/Tokyo for the city); the reader converted them to UTC. -#}
with source as (
    select * from {{ source('meta_insights', 'meta_insights__posts') }}
)

select
    municipality_code,
    _load_id as load_id,
    platform,
    post_id,
    coalesce(account_name, account_id) as account_name,
    title,
    {{ adapter.quote('text') }} as post_text,
    permalink,
    post_type,
    cast(posted_at as timestamp) as posted_at,
    coalesce({{ to_tokyo_date('cast(posted_at as timestamp)') }}, cast(posted_on as date)) as posted_date,
    cast(reach as bigint) as reach,
    cast(coalesce(impressions, views) as bigint) as impressions,
    cast(reactions as bigint) as reactions,
    cast(likes as bigint) as likes,
    cast(comments as bigint) as comments,
    cast(shares as bigint) as shares,
    cast(saves as bigint) as saves,
    cast(follows as bigint) as follows,
    cast(clicks as bigint) as clicks,
    cast(link_clicks as bigint) as link_clicks,
    cast(video_views as bigint) as video_views,
    cast(
        coalesce(
            engagements,
            case
                when coalesce(reactions, likes, comments, shares, saves) is not null
                    then coalesce(reactions, likes, 0) + coalesce(comments, 0)
                        + coalesce(shares, 0) + coalesce(saves, 0)
            end
        ) as bigint
    ) as engagements
from source
