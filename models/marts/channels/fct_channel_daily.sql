{#- Every information channel at one grain (municipality × day × channel) so PR staff can compare
    web, ads, SNS, LINE, the newsletter and offline media side by side.
    reach_or_contacts means what each channel can report (see reach_basis): impressions for ads
    and posts, deliveries for LINE and the newsletter, copies / listeners / contacts for offline
    media, sessions for the web site. It is never de-duplicated people. -#}
with web as (
    select municipality_code, activity_date, 'web' as channel_family, 'website' as channel,
           'sessions' as reach_basis,
           sum(sessions) as reach_or_contacts,
           sum(engaged_sessions) as engagements,
           cast(null as decimal(18, 2)) as cost_jpy
    from {{ ref('fct_web_sessions_daily') }}
    group by 1, 2
),

ads as (
    select municipality_code, activity_date, 'ads' as channel_family, platform as channel,
           'impressions' as reach_basis,
           sum(impressions) as reach_or_contacts,
           sum(clicks) as engagements,
           cast(sum(spend_jpy) as decimal(18, 2)) as cost_jpy
    from {{ ref('fct_ad_performance_daily') }}
    group by 1, 2, 4
),

social as (
    select municipality_code, activity_date, 'social' as channel_family, platform as channel,
           'impressions' as reach_basis,
           sum(impressions) as reach_or_contacts,
           sum(engagements) as engagements,
           cast(null as decimal(18, 2)) as cost_jpy
    from {{ ref('fct_social_account_daily') }}
    where platform <> 'line'
    group by 1, 2, 4
),

line as (
    select municipality_code, posted_date as activity_date, 'social' as channel_family,
           'line' as channel, 'deliveries' as reach_basis,
           sum(delivered) as reach_or_contacts,
           sum(clicks) as engagements,
           cast(null as decimal(18, 2)) as cost_jpy
    from {{ ref('fct_social_posts') }}
    where platform = 'line'
    group by 1, 2
),

newsletter as (
    select municipality_code, sent_date as activity_date, 'newsletter' as channel_family,
           'newsletter' as channel, 'deliveries' as reach_basis,
           sum(coalesce(delivered_count, sent_count)) as reach_or_contacts,
           sum(click_count) as engagements,
           cast(null as decimal(18, 2)) as cost_jpy
    from {{ ref('fct_newsletter_issues') }}
    group by 1, 2
),

offline as (
    select municipality_code, activity_date, 'offline' as channel_family, channel,
           any_value(reach_unit) as reach_basis,
           sum(reach) as reach_or_contacts,
           cast(null as bigint) as engagements,
           cast(sum(cost_jpy) as decimal(18, 2)) as cost_jpy
    from {{ ref('fct_offline_channel_daily') }}
    group by 1, 2, 4
),

unioned as (
    select * from web
    union all select * from ads
    union all select * from social
    union all select * from line
    union all select * from newsletter
    union all select * from offline
)

select
    municipality_code,
    activity_date,
    channel_family,
    channel,
    reach_basis,
    cast(reach_or_contacts as bigint) as reach_or_contacts,
    cast(engagements as bigint) as engagements,
    cost_jpy
from unioned
where activity_date is not null
