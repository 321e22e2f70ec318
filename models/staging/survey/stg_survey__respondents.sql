with source as (
    select * from {{ source('survey', 'survey__respondents') }}
)

select
    municipality_code,
    _load_id as load_id,
    survey_name,
    respondent_key,
    cast(response_date as date) as response_date,
    age_band,
    cast(age_lower as integer) as age_lower,
    cast(age_upper as integer) as age_upper,
    sex,
    town_name,
    town_key,
    household_type,
    household_type_name,
    channels,
    topics,
    comment
from source
