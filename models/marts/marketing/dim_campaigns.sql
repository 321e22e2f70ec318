{#- Campaigns as planned (広報計画) joined to what the ad platforms delivered: theme, target
    procedure/outcome, audience and window for the lift analysis. A campaign seen in
    fct_ad_performance_daily but missing from the plan gets its own row (is_in_plan false), with
    the window of its ad delivery, so nothing the ads spent is silently left out. Ad figures of
    a planned campaign count only the days inside its window. -#}
with plan as (
    select * from {{ ref('stg_campaign_plan__campaigns') }}
),

ads as (
    select * from {{ ref('fct_ad_performance_daily') }}
),

procedures as (
    select municipality_code, procedure_id, any_value(procedure_name) as procedure_name
    from {{ ref('stg_civic__e_applications') }}
    group by municipality_code, procedure_id
),

planned as (
    select
        plan.municipality_code,
        plan.campaign_name,
        plan.theme,
        plan.target_procedure_id,
        plan.target_outcome_type,
        plan.target_audience,
        plan.target_age,
        plan.target_area,
        plan.start_date,
        plan.end_date,
        plan.budget_jpy,
        plan.is_placebo,
        plan.planned_platform,
        true as is_in_plan,
        {{ sorted_string_agg('ads.platform', "','", distinct=true) }} as ad_platforms,
        min(ads.activity_date) as first_ad_date,
        max(ads.activity_date) as last_ad_date,
        sum(ads.spend_jpy) as ad_spend_jpy,
        sum(ads.impressions) as ad_impressions,
        sum(ads.clicks) as ad_clicks
    from plan
    left join ads
        on ads.municipality_code = plan.municipality_code
        and ads.campaign_name = plan.campaign_name
        and ads.activity_date between plan.start_date and plan.end_date
    group by all
),

unplanned as (
    select
        ads.municipality_code,
        ads.campaign_name,
        cast(null as {{ dbt.type_string() }}) as theme,
        cast(null as {{ dbt.type_string() }}) as target_procedure_id,
        cast(null as {{ dbt.type_string() }}) as target_outcome_type,
        cast(null as {{ dbt.type_string() }}) as target_audience,
        cast(null as {{ dbt.type_string() }}) as target_age,
        cast(null as {{ dbt.type_string() }}) as target_area,
        min(ads.activity_date) as start_date,
        max(ads.activity_date) as end_date,
        cast(null as decimal(18, 2)) as budget_jpy,
        false as is_placebo,
        cast(null as {{ dbt.type_string() }}) as planned_platform,
        false as is_in_plan,
        {{ sorted_string_agg('ads.platform', "','", distinct=true) }} as ad_platforms,
        min(ads.activity_date) as first_ad_date,
        max(ads.activity_date) as last_ad_date,
        sum(ads.spend_jpy) as ad_spend_jpy,
        sum(ads.impressions) as ad_impressions,
        sum(ads.clicks) as ad_clicks
    from ads
    where not exists (
        select 1 from plan
        where plan.municipality_code = ads.municipality_code
            and plan.campaign_name = ads.campaign_name
    )
    group by ads.municipality_code, ads.campaign_name
),

campaigns as (
    select * from planned
    union all
    select * from unplanned
)

select
    campaigns.municipality_code,
    md5(campaigns.municipality_code || '|' || campaigns.campaign_name || '|'
        || cast(campaigns.start_date as {{ dbt.type_string() }})) as campaign_key,
    campaigns.campaign_name,
    campaigns.theme,
    campaigns.target_procedure_id,
    procedures.procedure_name as target_procedure_name,
    campaigns.target_outcome_type,
    campaigns.target_audience,
    campaigns.target_age,
    campaigns.target_area,
    campaigns.start_date,
    campaigns.end_date,
    {{ dbt.datediff('campaigns.start_date', 'campaigns.end_date', 'day') }} + 1 as window_days,
    campaigns.budget_jpy,
    campaigns.is_placebo,
    campaigns.planned_platform,
    campaigns.is_in_plan,
    not campaigns.is_in_plan as is_unmapped,
    campaigns.ad_platforms,
    campaigns.first_ad_date is not null as has_ad_delivery,
    campaigns.first_ad_date,
    campaigns.last_ad_date,
    cast(campaigns.ad_spend_jpy as decimal(18, 2)) as ad_spend_jpy,
    cast(campaigns.ad_impressions as bigint) as ad_impressions,
    cast(campaigns.ad_clicks as bigint) as ad_clicks
from campaigns
left join procedures
    on procedures.municipality_code = campaigns.municipality_code
    and procedures.procedure_id = campaigns.target_procedure_id
