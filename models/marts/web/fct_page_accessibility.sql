{#-
    One row per page audit (grain: municipality_code, page_key, audit_date, tool): violation,
    incomplete and pass counts, the JIS X 8341-3 criteria by status, and the page's GA4 traffic
    (so accessible and inaccessible pages can be compared by how residents use them).
-#}
with pages as (
    select * from {{ ref('stg_accessibility__pages') }}
    where is_audited
),

findings as (
    select
        municipality_code,
        page_key,
        audit_date,
        tool,
        count(distinct rule_id) filter (where result_type = 'violation') as violation_rules,
        count(node_index) filter (where result_type = 'violation') as violation_nodes,
        count(node_index) filter (
            where result_type = 'violation' and node_impact = 'critical'
        ) as critical_nodes,
        count(node_index) filter (
            where result_type = 'violation' and node_impact = 'serious'
        ) as serious_nodes,
        count(node_index) filter (
            where result_type = 'violation' and node_impact = 'moderate'
        ) as moderate_nodes,
        count(node_index) filter (
            where result_type = 'violation' and node_impact = 'minor'
        ) as minor_nodes,
        count(distinct rule_id) filter (where result_type = 'incomplete') as incomplete_rules,
        count(node_index) filter (where result_type = 'incomplete') as incomplete_nodes,
        count(distinct rule_id) filter (where result_type = 'pass') as passed_rules,
        {{ sorted_string_agg('rule_id', "','", distinct=true, where="result_type = 'violation'") }}
            as violated_rule_ids
    from {{ ref('stg_accessibility__axe_results') }}
    group by municipality_code, page_key, audit_date, tool
),

jis as (
    select
        municipality_code,
        page_key,
        audit_date,
        tool,
        count(*) as jis_criteria,
        count(*) filter (where jis_status = '不適合') as jis_fail_criteria,
        count(*) filter (where jis_status = '要確認') as jis_review_criteria,
        count(*) filter (where jis_status = '適合') as jis_conform_criteria,
        {{ sorted_string_agg('criterion', "','", where="jis_status = '不適合'") }}
            as failed_criteria
    from {{ ref('stg_accessibility__jis_statuses') }}
    group by municipality_code, page_key, audit_date, tool
),

ga4_pages as (
    select * from {{ ref('int_page_traffic') }}
)

select
    p.municipality_code,
    p.page_key,
    p.page_url,
    p.page_path,
    p.department,
    p.audit_date,
    p.audited_at,
    p.tool,
    p.tool_version,
    p.page_title,
    p.html_lang,
    p.lighthouse_score,
    coalesce(f.violation_rules, 0) as violation_rules,
    coalesce(f.violation_nodes, 0) as violation_nodes,
    coalesce(f.critical_nodes, 0) as critical_nodes,
    coalesce(f.serious_nodes, 0) as serious_nodes,
    coalesce(f.moderate_nodes, 0) as moderate_nodes,
    coalesce(f.minor_nodes, 0) as minor_nodes,
    coalesce(f.incomplete_rules, 0) as incomplete_rules,
    coalesce(f.incomplete_nodes, 0) as incomplete_nodes,
    coalesce(f.passed_rules, 0) as passed_rules,
    f.violated_rule_ids,
    coalesce(f.violation_rules, 0) > 0 as has_violations,
    coalesce(j.jis_criteria, 0) as jis_criteria,
    coalesce(j.jis_fail_criteria, 0) as jis_fail_criteria,
    coalesce(j.jis_review_criteria, 0) as jis_review_criteria,
    coalesce(j.jis_conform_criteria, 0) as jis_conform_criteria,
    j.failed_criteria,
    row_number() over (
        partition by p.municipality_code, p.page_key, p.tool order by p.audited_at desc
    ) = 1 as is_latest_audit,
    coalesce(g.page_views, 0) as page_views,
    coalesce(g.users, 0) as users,
    coalesce(g.entrances, 0) as entrances,
    coalesce(g.engagement_time_msec, 0) as engagement_time_msec,
    case
        when g.page_views > 0 then g.engagement_time_msec / 1000.0 / g.page_views
    end as avg_engagement_sec_per_view,
    coalesce(g.form_submits, 0) as form_submits
from pages as p
left join findings as f
    on f.municipality_code = p.municipality_code
    and f.page_key = p.page_key
    and f.audit_date = p.audit_date
    and f.tool = p.tool
left join jis as j
    on j.municipality_code = p.municipality_code
    and j.page_key = p.page_key
    and j.audit_date = p.audit_date
    and j.tool = p.tool
left join ga4_pages as g
    on g.municipality_code = p.municipality_code
    and g.page_key = p.page_key
