with source as (
    select * from {{ source('ga4', 'ga4__events') }}
),

renamed as (
    select
        municipality_code,
        _load_id as load_id,
        event_name,
        {{ ga4_micros_to_timestamp('event_timestamp') }} as event_at,
        {{ ga4_yyyymmdd_to_date('event_date') }} as event_date,
        event_date as event_date_yyyymmdd,
        user_pseudo_id,
        cast({{ ga4_param('ga_session_id', 'int_value') }} as bigint) as ga_session_id,
        cast({{ ga4_param('ga_session_number', 'int_value') }} as bigint) as ga_session_number,
        {{ ga4_param('page_location') }} as page_location,
        {{ ga4_param('page_title') }} as page_title,
        {{ ga4_param('page_referrer') }} as page_referrer,
        coalesce(
            cast({{ ga4_param('engagement_time_msec', 'int_value') }} as bigint), 0
        ) as engagement_time_msec,
        coalesce(coalesce(
            {{ ga4_param('session_engaged') }},
            cast({{ ga4_param('session_engaged', 'int_value') }} as {{ dbt.type_string() }})
        ) = '1', false) as is_session_engaged_event,
        coalesce(cast({{ ga4_param('entrances', 'int_value') }} as bigint) = 1, false) as is_entrance,
        {{ ga4_param('source') }} as event_source,
        {{ ga4_param('medium') }} as event_medium,
        {{ ga4_param('campaign') }} as event_campaign,
        {{ ga4_param('form_id') }} as form_id,
        collected_traffic_source.manual_source as manual_source,
        collected_traffic_source.manual_medium as manual_medium,
        collected_traffic_source.manual_campaign_name as manual_campaign_name,
        coalesce({{ ga4_param('gclid') }}, collected_traffic_source.gclid) as gclid,
        lower(device.category) as device_category,
        device.language as device_language,
        geo.country as geo_country,
        geo.region as geo_region,
        geo.city as geo_city
    from source
)

select
    *,
    md5(user_pseudo_id || '-' || cast(ga_session_id as {{ dbt.type_string() }})) as session_key
from renamed
