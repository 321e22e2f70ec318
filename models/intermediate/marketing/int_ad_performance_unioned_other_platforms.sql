{#- Yahoo! 広告 and Meta ads per day in fct_ad_performance_daily's columns (same names, types and
    order), plus reach, so the mart can append them with `union all by name`.
    Grain: municipality_code, platform, account_name, campaign_name, activity_date, device,
    currency_code. Range-only rows (no single day) stay in staging.

    Yahoo!: every Yahoo! 広告 account is either a 検索広告 or a ディスプレイ広告 account, so when a
    download has no account column the account is named by its network; that keeps a search
    and a display campaign of the same name apart.
    Meta: clicks are link clicks (Clicks (all) when only that was exported); conversions count
    Results only when their indicator is a conversion (lead, purchase, offsite_conversion …);
    video_views are ThruPlays. Reach counts people and does not add up: it is carried only when
    a single export row makes the mart row (a campaign-level, or single-ad-set, daily export),
    never summed; otherwise null. Yahoo! reports have no reach. -#}
with yahoo as (
    select
        municipality_code,
        'yahoo_ads' as platform,
        coalesce(
            account_name,
            case ad_network
                when 'search' then 'Yahoo!広告 検索広告'
                when 'display' then 'Yahoo!広告 ディスプレイ広告'
            end,
            account_id
        ) as account_name,
        campaign_name,
        case when ad_network in ('search', 'display') then ad_network else 'unknown' end
            as campaign_type,
        activity_date,
        device,
        currency_code,
        'export' as data_source,
        cast(sum(impressions) as bigint) as impressions,
        cast(sum(clicks) as bigint) as clicks,
        cast(sum(spend_jpy) as decimal(18, 2)) as spend_jpy,
        cast(sum(cost) as decimal(18, 2)) as cost,
        sum(conversions) as conversions,
        cast(sum(video_views) as bigint) as video_views,
        cast(null as bigint) as reach
    from {{ ref('stg_yahoo_ads__performance_reports') }}
    where activity_date is not null
    group by all
),

meta as (
    select
        municipality_code,
        'meta_ads' as platform,
        coalesce(account_name, account_id) as account_name,
        coalesce(campaign_name, 'campaign ' || campaign_id) as campaign_name,
        'social' as campaign_type,
        activity_date,
        device,
        currency_code,
        'export' as data_source,
        cast(sum(impressions) as bigint) as impressions,
        cast(sum(coalesce(link_clicks, clicks_all, 0)) as bigint) as clicks,
        cast(sum(spend_jpy) as decimal(18, 2)) as spend_jpy,
        cast(sum(cost) as decimal(18, 2)) as cost,
        coalesce(sum(
            case
                when {{ regex_matches(
                    'result_indicator', "'conversion|lead|purchase|complete_registration'"
                ) }}
                    then results
            end
        ), 0) as conversions,
        cast(sum(thruplays) as bigint) as video_views,
        -- never a sum: one row's reach, or null when several rows (ad sets, ads, slices) meet
        cast(case when count(*) = 1 then max(reach) end as bigint) as reach
    from {{ ref('stg_meta_ads__ads_manager_reports') }}
    where activity_date is not null
        and coalesce(campaign_name, campaign_id) is not null
    group by all
)

select * from yahoo
union all
select * from meta
