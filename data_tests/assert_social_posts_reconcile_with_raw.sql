-- Every post in the raw exports appears exactly once in fct_social_posts, per city and platform
-- (YouTube: the videos of content tables).
with raw_counts as (
    select municipality_code, 'x' as platform, count(distinct post_id) as n
    from {{ source('x', 'x__posts') }} group by 1
    union all
    select municipality_code, platform, count(distinct post_id)
    from {{ source('meta_insights', 'meta_insights__posts') }} group by 1, 2
    union all
    select municipality_code, 'youtube', count(distinct dimension_value)
    from {{ source('youtube', 'youtube__table_rows') }}
    where dimension = 'content' and video_published_on is not null group by 1
    union all
    select municipality_code, 'line', count(distinct message_id)
    from {{ source('line', 'line__messages') }} group by 1
),

mart_counts as (
    select municipality_code, platform, count(*) as n
    from {{ ref('fct_social_posts') }}
    group by 1, 2
)

select *
from raw_counts
full outer join mart_counts using (municipality_code, platform)
where coalesce(raw_counts.n, 0) <> coalesce(mart_counts.n, 0)
