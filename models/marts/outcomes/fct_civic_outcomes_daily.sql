select
    municipality_code,
    activity_date,
    'e_application' as outcome_type,
    procedure_id,
    any_value(procedure_name) as procedure_name,
    sum(online_count) as online_count,
    sum(counter_count) as counter_count,
    sum(online_count) + sum(counter_count) as total_count
from {{ ref('stg_civic__e_applications') }}
group by municipality_code, activity_date, procedure_id

union all

select * from {{ ref('int_civic_outcomes_other') }}
