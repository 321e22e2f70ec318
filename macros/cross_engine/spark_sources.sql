{#- The spark target reads the raw layer and the seeds as views over Parquet exported from
    DuckDB (warehouse/spark_export.py writes the files and the statements; the build runs this
    with `dbt run-operation spark_register_views`). Every statement is a `create database` or a
    `create or replace view … as select … from parquet.<path>`. -#}
{% macro spark_register_views(statements) -%}
    {%- if target.type != 'spark' -%}
        {{ exceptions.raise_compiler_error("spark_register_views runs on the spark target only") }}
    {%- endif -%}
    {%- for statement in statements -%}
        {%- if not (statement.startswith('create database if not exists ')
                    or statement.startswith('create or replace view ')) -%}
            {{ exceptions.raise_compiler_error("not a view registration: " ~ statement[:80]) }}
        {%- endif -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {{ log("registered " ~ statements | length ~ " Spark statements", info=True) }}
{%- endmacro %}
