{#- GA4's default channel grouping (simplified to the rules a city's traffic hits), driven by the
    source-category seed. Arguments are SQL expressions. -#}
{% macro default_channel_group(source, medium, campaign, source_category) -%}
case
    when ({{ source }} is null or {{ source }} = '(direct)')
         and ({{ medium }} is null or {{ medium }} in ('(none)', '(not set)'))
        then 'Direct'
    when {{ regex_matches("coalesce(" ~ medium ~ ", '')", "'^(.*cp.*|ppc|retargeting|paid.*)$'") }} then
        case {{ source_category }}
            when 'SOURCE_CATEGORY_SEARCH' then 'Paid Search'
            when 'SOURCE_CATEGORY_SOCIAL' then 'Paid Social'
            when 'SOURCE_CATEGORY_VIDEO' then 'Paid Video'
            else 'Paid Other'
        end
    when {{ medium }} in ('display', 'banner', 'expandable', 'interstitial', 'cpm') then 'Display'
    when {{ source_category }} = 'SOURCE_CATEGORY_SEARCH' or {{ medium }} = 'organic'
        then 'Organic Search'
    when {{ source_category }} = 'SOURCE_CATEGORY_SOCIAL'
         or {{ medium }} in ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')
        then 'Organic Social'
    when {{ source_category }} = 'SOURCE_CATEGORY_VIDEO' or {{ regex_matches("coalesce(" ~ medium ~ ", '')", "'^(.*video.*)$'") }}
        then 'Organic Video'
    when {{ medium }} in ('email', 'e-mail', 'e_mail', 'e mail', 'newsletter') or {{ source }} in ('email', 'newsletter')
        then 'Email'
    when {{ medium }} in ('referral', 'app', 'link') then 'Referral'
    else 'Unassigned'
end
{%- endmacro %}
