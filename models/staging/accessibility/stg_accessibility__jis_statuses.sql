{#- JIS X 8341-3:2016 status per audited page and success criterion. -#}
with source as (
    select * from {{ source('accessibility', 'accessibility__jis_status') }}
)

select
    municipality_code,
    _load_id as load_id,
    page_key,
    audit_date,
    audited_at,
    tool,
    criterion,
    criterion_name,
    level as conformance_level,
    status as jis_status,
    violation_rules,
    incomplete_rules,
    pass_rules,
    reason
from source
