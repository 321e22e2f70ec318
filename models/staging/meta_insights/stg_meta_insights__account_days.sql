{#- Facebook Page / Instagram account per day. followers is a stock (end of day): never add
    it up across days. -#}
with source as (
    select * from {{ source('meta_insights', 'meta_insights__account_days') }}
)

select
    municipality_code,
    _load_id as load_id,
    platform,
    coalesce(account_name, account_id) as account_name,
    cast({{ adapter.quote('date') }} as date) as activity_date,
    cast(reach as bigint) as reach,
    cast(impressions as bigint) as impressions,
    cast(views as bigint) as views,
    cast(engagements as bigint) as engagements,
    cast(link_clicks as bigint) as link_clicks,
    cast(followers as bigint) as followers,
    cast(new_followers as bigint) as new_followers,
    cast(unfollows as bigint) as unfollows,
    cast(page_likes as bigint) as page_likes,
    cast(page_visits as bigint) as page_visits
from source
