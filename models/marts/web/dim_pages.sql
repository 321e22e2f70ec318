{#- One row per page path seen on the site, with the department, topic and language version
    from the city's page_path_rules seed (longest matching prefix wins). -#}
with views as (
    select
        municipality_code,
        page_path,
        max_by(page_title, viewed_at) as page_title,
        min(page_date) as first_seen_date,
        max(page_date) as last_seen_date
    from {{ ref('fct_page_views') }}
    group by municipality_code, page_path
),

rules as (
    select * from {{ ref('page_path_rules') }}
),

matched as (
    select
        views.*,
        rules.department,
        rules.topic,
        rules.language,
        row_number() over (
            partition by views.municipality_code, views.page_path
            order by length(rules.path_prefix) desc
        ) as rule_rank
    from views
    left join rules on {{ starts_with('views.page_path', 'rules.path_prefix') }}
),

pages as (
    select
        municipality_code, page_path, page_title, first_seen_date, last_seen_date, department,
        topic, language
    from matched
    where rule_rank = 1
),

easy_topics as (
    select distinct municipality_code, topic from pages where language = 'easy'
)

select
    pages.municipality_code,
    pages.page_path,
    pages.page_title,
    coalesce(pages.department, '(未分類)') as department,
    coalesce(pages.topic, '(未分類)') as topic,
    coalesce(pages.language, 'ja') as language,
    pages.language = 'easy' as is_easy_japanese,
    pages.page_path like '/shinsei/%' as is_e_application_page,
    easy_topics.topic is not null as has_easy_japanese_version,
    pages.first_seen_date,
    pages.last_seen_date
from pages
left join easy_topics
    on easy_topics.municipality_code = pages.municipality_code and easy_topics.topic = pages.topic
