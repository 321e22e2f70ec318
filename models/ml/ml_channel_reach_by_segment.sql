{#- Channel reach per segment: for web segments the share of the segment's users who arrived
    through the channel at least once in the window; for survey segments the weighted share of
    the segment's residents who say they use the channel, with the residents that makes.
    Rows whose reached count is below the suppression threshold have their counts and shares
    nulled (is_suppressed); segments with a base below it are left out. -#}
{%- set threshold = var('ml_suppression_threshold', 10) %}
with web_sessions as (
    select
        municipality_code,
        user_key,
        case
            when attributed_medium in ('cpc', 'ppc') or attributed_medium like 'paid%' then 'search_ads'
            when attributed_medium = 'organic' then 'search'
            when attributed_source like '%line%' then 'line'
            when attributed_medium in ('email', 'e-mail', 'newsletter')
                or attributed_source = 'newsletter' then 'email'
            when attributed_source in ('t.co', 'x.com', 'twitter.com') then 'x'
            when attributed_source like '%facebook%' then 'facebook'
            when attributed_source like '%instagram%' then 'instagram'
            when attributed_source like '%youtube%' then 'youtube'
            when attributed_source like '%smartnews%' then 'smartnews'
            when attributed_source = '(direct)' then 'direct'
            else 'other'
        end as channel
    from {{ ref('fct_web_sessions') }}
),

web_users as (
    select municipality_code, segment_id, any_value(segment_name) as segment_name,
           count(*) as base_count
    from {{ ref('ml_user_segments') }}
    group by municipality_code, segment_id
),

web_reached as (
    select u.municipality_code, u.segment_id, s.channel, count(distinct u.user_key) as reached
    from {{ ref('ml_user_segments') }} as u
    inner join web_sessions as s
        on s.municipality_code = u.municipality_code and s.user_key = u.user_key
    group by all
),

web as (
    select
        b.municipality_code,
        'web' as segment_source,
        b.segment_id,
        b.segment_name,
        r.channel,
        b.base_count,
        r.reached as reached_count,
        r.reached / b.base_count as reach_share,
        cast(null as double) as estimated_residents_reached
    from web_users as b
    inner join web_reached as r
        on r.municipality_code = b.municipality_code and r.segment_id = b.segment_id
),

respondents as (
    select m.municipality_code, m.segment_id, m.weight, r.channels
    from {{ ref('ml_survey_respondent_segments') }} as m
    inner join {{ ref('fct_survey_respondents') }} as r
        on r.municipality_code = m.municipality_code
        and r.survey_name = m.survey_name
        and r.respondent_key = m.respondent_key
),

survey_base as (
    select municipality_code, segment_id, count(*) as base_count, sum(weight) as base_weight
    from respondents
    group by municipality_code, segment_id
),

survey_reached as (
    select municipality_code, segment_id, channel, count(*) as reached, sum(weight) as reached_weight
    from (
        select municipality_code, segment_id, weight, unnest(string_split(channels, '|')) as channel
        from respondents
        where channels is not null
    )
    group by all
),

survey as (
    select
        b.municipality_code,
        'survey' as segment_source,
        b.segment_id,
        s.segment_name,
        r.channel,
        b.base_count,
        r.reached as reached_count,
        r.reached_weight / b.base_weight as reach_share,
        r.reached_weight as estimated_residents_reached
    from survey_base as b
    inner join survey_reached as r
        on r.municipality_code = b.municipality_code and r.segment_id = b.segment_id
    inner join {{ ref('ml_survey_segments') }} as s
        on s.municipality_code = b.municipality_code and s.segment_id = b.segment_id
),

unioned as (
    select * from web
    union all
    select * from survey
)

select
    municipality_code,
    segment_source,
    segment_id,
    segment_name,
    channel,
    base_count,
    case when reached_count >= {{ threshold }} then reached_count end as reached_count,
    case when reached_count >= {{ threshold }} then reach_share end as reach_share,
    case when reached_count >= {{ threshold }}
        then round(estimated_residents_reached, -1) end as estimated_residents_reached,
    reached_count < {{ threshold }} as is_suppressed
from unioned
where base_count >= {{ threshold }}
