{#- Every campaign that appears in the ad mart appears in dim_campaigns (planned or unmapped). -#}
select distinct ads.municipality_code, ads.campaign_name
from {{ ref('fct_ad_performance_daily') }} as ads
where not exists (
    select 1 from {{ ref('dim_campaigns') }} as campaigns
    where campaigns.municipality_code = ads.municipality_code
        and campaigns.campaign_name = ads.campaign_name
)
