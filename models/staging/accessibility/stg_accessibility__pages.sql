{#- One row per page audit (or per page left out), typed and renamed. -#}
with source as (
    select * from {{ source('accessibility', 'accessibility__pages') }}
)

select
    municipality_code,
    _load_id as load_id,
    page_url,
    page_key,
    coalesce(
        nullif(regexp_extract(page_key, '^[a-z][a-z0-9+.-]*://[^/]*(.*)$', 1), ''), '/'
    ) as page_path,
    department,
    audit_date,
    audited_at,
    tool,
    tool_version,
    status as page_status,
    status = 'audited' as is_audited,
    http_status,
    title as page_title,
    lang as html_lang,
    source_kind,
    source as audit_source,
    score as lighthouse_score,
    error as error_message
from source
