-- Each kept model's card (the README with its YAML), picked from the dump as kept.sql picks its row.
WITH dups AS (
  SELECT lower(modelId) AS dup_key FROM dump WHERE modelId IS NOT NULL AND modelId <> ''
  GROUP BY lower(modelId) HAVING count(*) > 1
),
rows AS (
  SELECT lower(CAST(d.modelId AS STRING)) AS model_key, CAST(d.card AS STRING) AS card, 1 AS rn
  FROM dump d LEFT JOIN dups x ON x.dup_key = lower(d.modelId)
  WHERE d.modelId IS NOT NULL AND d.modelId <> '' AND x.dup_key IS NULL
  UNION ALL
  SELECT lower(CAST(d.modelId AS STRING)) AS model_key, CAST(d.card AS STRING) AS card,
         row_number() OVER (PARTITION BY lower(d.modelId) ORDER BY d.last_modified DESC, d.modelId) AS rn
  FROM dump d JOIN dups x ON x.dup_key = lower(d.modelId)
)
SELECT model_key, card FROM rows WHERE rn = 1
