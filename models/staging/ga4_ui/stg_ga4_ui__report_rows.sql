{#- GA4 UI report rows, typed. A multi-table download (Reports snapshot) keeps its tables apart
    through table_index and the dimension names; never add rows of different tables. -#}
with source as (
    select * from {{ source('ga4_ui', 'ga4_ui__report_rows') }}
)

select
    municipality_code,
    _load_id as load_id,
    _source_file as source_file,
    report_title,
    report_name,
    account as account_name,
    property as property_name,
    segment as segment_name,
    cast(start_date as date) as report_start_date,
    cast(end_date as date) as report_end_date,
    cast(table_index as integer) as table_index,
    cast(activity_date as date) as activity_date,
    dimension_1_name,
    dimension_1_value,
    dimension_2_name,
    dimension_2_value,
    cast(views as bigint) as views,
    cast(active_users as bigint) as active_users,
    cast(total_users as bigint) as total_users,
    cast(new_users as bigint) as new_users,
    cast(sessions as bigint) as sessions,
    cast(engaged_sessions as bigint) as engaged_sessions,
    cast(engagement_rate as double) as engagement_rate,
    cast(bounce_rate as double) as bounce_rate,
    cast(views_per_active_user as double) as views_per_active_user,
    cast(average_engagement_time_sec as double) as average_engagement_time_sec,
    cast(event_count as bigint) as event_count,
    cast(key_events as double) as key_events,
    cast(total_revenue as double) as total_revenue
from source
