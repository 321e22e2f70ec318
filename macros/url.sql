{#- The path of a URL without host, query or fragment ('/' for the home page): the join key
    between GA4 page_location, the page rules and the accessibility audits. -#}
{% macro url_path(column) -%}
    coalesce(nullif(regexp_extract({{ column }}, '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)?([^?#]*)', 1), ''), '/')
{%- endmacro %}
