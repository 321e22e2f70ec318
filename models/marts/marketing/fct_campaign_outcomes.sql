{#- Campaign × day, joined to what the campaign was meant to move: its ad delivery, the web
    sessions and 電子申請 submissions attributed to it through UTM/gclid (fct_web_sessions'
    attributed_campaign), and the daily count of its target outcome (the procedure named in the
    campaign plan). Days run over the campaign's window (plan dates, else first..last ad day). -#}
with campaigns as (
    select
        municipality_code, campaign_key, campaign_name, theme, target_procedure_id,
        coalesce(target_outcome_type, 'e_application') as target_outcome_type,
        coalesce(start_date, first_ad_date) as window_start,
        coalesce(end_date, last_ad_date) as window_end
    from {{ ref('dim_campaigns') }}
    where coalesce(start_date, first_ad_date) is not null
),

days as (
    select
        campaigns.*,
        {{ day_series('window_start', 'window_end') }} as activity_date
    from campaigns
),

ads as (
    select municipality_code, campaign_name, activity_date,
           sum(impressions) as impressions, sum(clicks) as clicks, sum(spend_jpy) as spend_jpy
    from {{ ref('fct_ad_performance_daily') }}
    group by 1, 2, 3
),

sessions as (
    select municipality_code, attributed_campaign as campaign_name, session_date as activity_date,
           count(*) as attributed_sessions
    from {{ ref('fct_web_sessions') }}
    group by 1, 2, 3
),

submissions as (
    select municipality_code, attributed_campaign as campaign_name,
           conversion_date as activity_date, count(*) as attributed_e_application_submits
    from {{ ref('fct_web_conversions') }}
    where conversion_type = 'e_application_submit'
    group by 1, 2, 3
),

outcomes as (
    select municipality_code, outcome_type, procedure_id, activity_date,
           sum(online_count) as target_online_count, sum(total_count) as target_total_count
    from {{ ref('fct_civic_outcomes_daily') }}
    group by 1, 2, 3, 4
)

select
    days.municipality_code,
    days.campaign_key,
    days.campaign_name,
    days.theme,
    days.target_procedure_id,
    days.target_outcome_type,
    days.activity_date,
    coalesce(ads.impressions, 0) as impressions,
    coalesce(ads.clicks, 0) as clicks,
    coalesce(ads.spend_jpy, 0) as spend_jpy,
    coalesce(sessions.attributed_sessions, 0) as attributed_sessions,
    coalesce(submissions.attributed_e_application_submits, 0) as attributed_e_application_submits,
    outcomes.target_online_count,
    outcomes.target_total_count
from days
left join ads
    on ads.municipality_code = days.municipality_code
    and ads.campaign_name = days.campaign_name and ads.activity_date = days.activity_date
left join sessions
    on sessions.municipality_code = days.municipality_code
    and sessions.campaign_name = days.campaign_name and sessions.activity_date = days.activity_date
left join submissions
    on submissions.municipality_code = days.municipality_code
    and submissions.campaign_name = days.campaign_name
    and submissions.activity_date = days.activity_date
left join outcomes
    on outcomes.municipality_code = days.municipality_code
    and outcomes.procedure_id = days.target_procedure_id
    and outcomes.outcome_type = days.target_outcome_type
    and outcomes.activity_date = days.activity_date
