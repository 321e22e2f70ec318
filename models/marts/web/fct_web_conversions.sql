{{ config(
    materialized=incremental_on_duckdb('table'),
    incremental_strategy=replace_days_strategy(),
    unique_key='conversion_date',
    on_schema_change='fail'
) }}
{#- Web conversions: 電子申請 forms started and submitted, and file downloads, one row per event,
    with the session's attributed channel so conversions can be credited to campaigns.
    Incremental: the newest days are rebuilt whole, as in fct_page_views. -#}
with conversions as (
    select * from {{ ref('stg_ga4__events') }}
    where event_name in ('form_start', 'form_submit', 'file_download')
    {% if is_incremental() %}
        and {{ ga4_days_from(rebuilt_days_start('conversion_date')) }}
    {% endif %}
),

sessions as (
    select municipality_code, session_key, channel_group, attributed_source, attributed_medium,
           attributed_campaign
    from {{ ref('fct_web_sessions') }}
)

select
    conversions.municipality_code,
    md5(conversions.session_key || '-' || cast(conversions.event_at as {{ dbt.type_string() }}) || '-'
        || conversions.event_name) as conversion_key,
    conversions.session_key,
    case conversions.event_name
        when 'form_start' then 'e_application_start'
        when 'form_submit' then 'e_application_submit'
        else 'file_download'
    end as conversion_type,
    conversions.form_id as procedure_id,
    conversions.event_at as converted_at,
    conversions.event_date as conversion_date,
    {{ url_path('conversions.page_location') }} as page_path,
    sessions.channel_group,
    sessions.attributed_source,
    sessions.attributed_medium,
    sessions.attributed_campaign
from conversions
left join sessions
    on sessions.municipality_code = conversions.municipality_code
    and sessions.session_key = conversions.session_key
