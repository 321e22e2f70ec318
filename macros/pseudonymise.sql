{#- A keyed hash of an identifier: sha256(secret || ':' || id). The secret comes from the
    environment (the CLI creates one per CIVICPULSE_HOME), so ids cannot be reversed or joined
    with another installation's. -#}
{% macro pseudonymise(column) -%}
    sha256('{{ env_var("CIVICPULSE_PSEUDONYM_KEY", "") }}' || ':' || cast({{ column }} as varchar))
{%- endmacro %}
