with source as (
    select * from {{ source('campaign_plan', 'campaign_plan__campaigns') }}
)

select
    municipality_code,
    _load_id as load_id,
    campaign_name,
    theme,
    target_procedure_id,
    coalesce(
        target_outcome_type,
        case when target_procedure_id is not null then 'e_application' end
    ) as target_outcome_type,
    target_audience,
    target_age,
    target_area,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(budget_jpy as decimal(18, 2)) as budget_jpy,
    coalesce(is_placebo, false) as is_placebo,
    platform as planned_platform,
    notes
from source
