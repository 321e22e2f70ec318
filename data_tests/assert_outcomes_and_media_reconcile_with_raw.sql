-- Totals per municipality and day in the marts equal the raw rows they come from:
-- 電子申請 online/counter counts, My Number applications, newsletter deliveries (sent), and
-- offline reach and cost per medium.
with raw_apps as (
    select municipality_code, cast(application_date as date) as d,
           sum(online_count) as online, sum(coalesce(counter_count, 0)) as counter
    from {{ source('civic', 'civic__e_applications') }} group by 1, 2
),
mart_apps as (
    select municipality_code, activity_date as d, sum(online_count) as online,
           sum(counter_count) as counter
    from {{ ref('fct_civic_outcomes_daily') }} where outcome_type = 'e_application' group by 1, 2
),
raw_cards as (
    select municipality_code, cast(activity_date as date) as d, sum(applications) as n
    from {{ source('outcomes', 'outcomes__my_number_cards') }} group by 1, 2
),
mart_cards as (
    select municipality_code, activity_date as d, sum(total_count) as n
    from {{ ref('fct_civic_outcomes_daily') }} where outcome_type = 'my_number_application'
    group by 1, 2
),
raw_sent as (
    select municipality_code, sum(sent_count) as n from {{ source('newsletter', 'newsletter__issues') }}
    group by 1
),
mart_sent as (
    select municipality_code, sum(sent_count) as n from {{ ref('fct_newsletter_issues') }} group by 1
),
raw_offline as (
    select municipality_code, cast(activity_date as date) as d, channel_code,
           sum(reach) as reach, sum(cost_jpy) as cost
    from {{ source('offline', 'offline__channel_activities') }} group by 1, 2, 3
),
mart_offline as (
    select municipality_code, activity_date as d, channel as channel_code,
           sum(reach) as reach, sum(cost_jpy) as cost
    from {{ ref('fct_offline_channel_daily') }} group by 1, 2, 3
)
select 'e_application' as what, municipality_code, d
from raw_apps full outer join mart_apps using (municipality_code, d)
where raw_apps.online is distinct from mart_apps.online
   or raw_apps.counter is distinct from mart_apps.counter
union all
select 'my_number_application', municipality_code, d
from raw_cards full outer join mart_cards using (municipality_code, d)
where raw_cards.n is distinct from mart_cards.n
union all
select 'newsletter_sent', municipality_code, null
from raw_sent full outer join mart_sent using (municipality_code)
where raw_sent.n is distinct from mart_sent.n
union all
select 'offline_' || channel_code, municipality_code, d
from raw_offline full outer join mart_offline using (municipality_code, d, channel_code)
where raw_offline.reach is distinct from mart_offline.reach
   or abs(coalesce(raw_offline.cost, 0) - coalesce(mart_offline.cost, 0)) > 0.5
