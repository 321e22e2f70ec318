{#- One row per post or message the city published, across X, Facebook, Instagram, YouTube
    (videos) and LINE (broadcasts). Metrics are as of the latest export that listed the post.
    Per platform: impressions = X impressions / Meta impressions / YouTube thumbnail
    impressions / LINE 開封数; clicks = link clicks (X URL clicks, Facebook link clicks, LINE
    クリック数); engagements = the platform's own engagement count (X, Facebook), else likes +
    comments + shares (+ saves), and LINE clicks. -#}
with x_posts as (
    select
        municipality_code,
        'x' as platform,
        coalesce(account_handle, '(not set)') as account_name,
        post_id,
        'post' as post_type,
        posted_at,
        posted_date,
        post_text as {{ adapter.quote('text') }},
        permalink,
        impressions,
        cast(null as bigint) as reach,
        engagements,
        url_clicks as clicks,
        likes,
        replies as comments,
        reposts as shares,
        media_views as video_views,
        cast(null as bigint) as delivered
    from {{ ref('stg_x__posts') }}
),

meta_posts as (
    select
        municipality_code,
        platform,
        coalesce(account_name, '(not set)') as account_name,
        post_id,
        coalesce(post_type, 'post') as post_type,
        posted_at,
        posted_date,
        coalesce(post_text, title) as {{ adapter.quote('text') }},
        permalink,
        impressions,
        reach,
        engagements,
        link_clicks as clicks,
        coalesce(likes, reactions) as likes,
        comments,
        shares,
        video_views,
        cast(null as bigint) as delivered
    from {{ ref('stg_meta_insights__posts') }}
),

youtube_videos as (
    select
        municipality_code,
        'youtube' as platform,
        '(not set)' as account_name,
        video_id as post_id,
        'video' as post_type,
        cast(null as timestamp) as posted_at,
        video_published_date as posted_date,
        video_title as {{ adapter.quote('text') }},
        'https://www.youtube.com/watch?v=' || video_id as permalink,
        impressions,
        cast(null as bigint) as reach,
        case
            when coalesce(likes, comments, shares) is not null
                then coalesce(likes, 0) + coalesce(comments, 0) + coalesce(shares, 0)
        end as engagements,
        cast(null as bigint) as clicks,
        likes,
        comments,
        shares,
        views as video_views,
        cast(null as bigint) as delivered
    from {{ ref('stg_youtube__table_rows') }}
    where dimension = 'content' and video_published_date is not null
),

line_messages as (
    select
        municipality_code,
        'line' as platform,
        coalesce(account_name, '(not set)') as account_name,
        message_id as post_id,
        coalesce(delivery_type, 'broadcast') as post_type,
        sent_at as posted_at,
        sent_date as posted_date,
        message_text as {{ adapter.quote('text') }},
        cast(null as {{ dbt.type_string() }}) as permalink,
        opened as impressions,
        cast(null as bigint) as reach,
        clicks as engagements,
        clicks,
        cast(null as bigint) as likes,
        cast(null as bigint) as comments,
        cast(null as bigint) as shares,
        video_plays as video_views,
        delivered
    from {{ ref('stg_line__messages') }}
)

select * from x_posts
union all
select * from meta_posts
union all
select * from youtube_videos
union all
select * from line_messages
