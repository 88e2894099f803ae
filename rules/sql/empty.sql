-- An empty, typed starting table (every backend creates the same columns): the lineage levels.
SELECT CAST(NULL AS STRING) AS model_id, 0 AS level FROM kept WHERE 1 = 0
