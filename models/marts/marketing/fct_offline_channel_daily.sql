{#- Offline channels per day: what went out (広報紙 copies, FM/CATV audiences, 防災行政無線
    broadcasts) and what came in (コールセンター and 窓口 contacts), by channel, programme/issue
    and topic. Rows entered twice for the same key are summed. Free-text notes stay in staging. -#}
with activities as (
    select * from {{ ref('stg_offline__channel_activities') }}
),

labelled as (
    select
        *,
        case channel
            when 'koho_shi' then '広報紙'
            when 'community_fm' then 'コミュニティFM'
            when 'cable_tv' then 'ケーブルテレビ'
            when 'bosai_musen' then '防災行政無線'
            when 'call_center' then 'コールセンター'
            when 'counter' then '窓口'
            else channel_name_as_written
        end as channel_name
    from activities
)

select
    municipality_code,
    activity_date,
    channel,
    channel_name,
    programme_name,
    topic,
    channel in ('call_center', 'counter') as is_inbound,
    case channel
        when 'koho_shi' then 'copies'
        when 'community_fm' then 'listeners'
        when 'cable_tv' then 'viewers'
        when 'bosai_musen' then 'households'
        when 'call_center' then 'contacts'
        when 'counter' then 'contacts'
        else 'reach'
    end as reach_unit,
    count(*) as entries,
    cast(sum(reach) as bigint) as reach,
    count(reach_bound) > 0 as has_reach_bound,
    cast(sum(cost_jpy) as decimal(18, 2)) as cost_jpy
from labelled
group by municipality_code, activity_date, channel, channel_name, programme_name, topic
