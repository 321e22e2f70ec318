{#- What each web user did, as long counts for the segment model (ml/features.py): one row per
    (municipality_code, user_key, feature, level) with n = sessions showing that level.
    Session features: topic (each topic the session viewed, once per session), daypart (weekday
    or weekend/holiday × three-hour block, Asia/Tokyo), channel (attributed source / medium).
    User features (the model keeps each user's dominant level): device, device_language
    (browser language without region), page_language (ja / easy / en of the pages read),
    region (home = the city's most common GA4 region, else away). -#}
with sessions as (
    select
        s.municipality_code,
        s.session_key,
        s.user_key,
        s.device_category,
        s.device_language,
        s.geo_region,
        s.attributed_source,
        s.attributed_medium,
        s.session_start_at + interval 9 hour as local_start,
        coalesce(d.is_weekend or d.is_holiday, false) as is_day_off
    from {{ ref('fct_web_sessions') }} as s
    left join {{ ref('dim_date') }} as d on d.date_day = s.session_date
),

views as (
    select v.municipality_code, v.session_key, p.topic, p.language, count(*) as n
    from {{ ref('fct_page_views') }} as v
    inner join {{ ref('dim_pages') }} as p
        on p.municipality_code = v.municipality_code and p.page_path = v.page_path
    group by all
),

session_topics as (
    select distinct s.municipality_code, s.user_key, s.session_key, v.topic
    from views as v
    inner join sessions as s
        on s.municipality_code = v.municipality_code and s.session_key = v.session_key
),

home as (
    select municipality_code, mode(geo_region) as home_region
    from sessions
    where geo_region is not null
    group by municipality_code
),

observations as (
    select
        s.municipality_code,
        s.user_key,
        (case when s.is_day_off then 'we' else 'wd' end) || '_' || case
            when hour(s.local_start) < 6 then '00-06'
            when hour(s.local_start) < 9 then '06-09'
            when hour(s.local_start) < 12 then '09-12'
            when hour(s.local_start) < 15 then '12-15'
            when hour(s.local_start) < 18 then '15-18'
            when hour(s.local_start) < 21 then '18-21'
            else '21-24'
        end as daypart,
        coalesce(s.attributed_source, '(none)') || ' / ' || coalesce(s.attributed_medium, '(none)')
            as channel,
        coalesce(s.device_category, '(不明)') as device,
        coalesce(lower(split_part(s.device_language, '-', 1)), '(不明)') as device_language,
        case when s.geo_region = h.home_region then 'home' else 'away' end as region
    from sessions as s
    left join home as h on h.municipality_code = s.municipality_code
),

page_languages as (
    select v.municipality_code, s.user_key, 'page_language' as feature, v.language as level,
           sum(v.n) as n
    from views as v
    inner join sessions as s
        on s.municipality_code = v.municipality_code and s.session_key = v.session_key
    group by all
)

select municipality_code, user_key, feature, level, cast(count(*) as bigint) as n
from observations
unpivot (level for feature in (daypart, channel, device, device_language, region))
group by all
union all
select municipality_code, user_key, 'topic', topic, count(*) from session_topics group by all
union all
select municipality_code, user_key, feature, level, cast(n as bigint) from page_languages
