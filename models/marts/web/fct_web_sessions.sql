with sessions as (
    select * from {{ ref('int_sessions_attributed') }}
)

select
    municipality_code,
    session_key,
    {{ pseudonymise('user_pseudo_id') }} as user_key,
    ga_session_number,
    session_start_at,
    session_end_at,
    {{ to_tokyo_date('session_start_at') }} as session_date,
    landing_page,
    device_category,
    device_language,
    geo_region,
    session_source,
    session_medium,
    session_campaign,
    session_channel_group,
    attributed_source,
    attributed_medium,
    attributed_campaign,
    channel_group,
    gclid is not null as has_gclid,
    is_engaged,
    page_views,
    engagement_time_msec,
    form_starts,
    form_submits,
    file_downloads
from sessions
