{#- Every finding: page × rule × result type × node. -#}
with source as (
    select * from {{ source('accessibility', 'accessibility__axe_results') }}
)

select
    municipality_code,
    _load_id as load_id,
    page_key,
    audit_date,
    audited_at,
    tool,
    rule_id,
    result_type,
    impact as rule_impact,
    coalesce(node_impact, impact) as node_impact,
    rule_help,
    help_url,
    tags,
    wcag_criteria,
    node_index,
    target,
    html as html_snippet,
    failure_summary
from source
