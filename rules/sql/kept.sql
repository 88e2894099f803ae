-- One row per model id (ids are case-insensitive on the Hub): of duplicates, the most recently modified row,
-- with how many rows the dump had for it (only duplicate ids are ranked: the cards are never sorted or copied
-- here; cards.sql picks the same rows). The card's
-- YAML front matter gives license_name / license_link (for `other`) and base_model_relation; only top-level
-- scalar keys are read (enough for the Hub's cards).
WITH dups AS (
  SELECT lower(modelId) AS dup_key, count(*) AS n FROM dump WHERE modelId IS NOT NULL AND modelId <> ''
  GROUP BY lower(modelId) HAVING count(*) > 1
),
rows AS (
  SELECT d.*, 1 AS dup_rows, 1 AS rn
  FROM dump d LEFT JOIN dups x ON x.dup_key = lower(d.modelId)
  WHERE d.modelId IS NOT NULL AND d.modelId <> '' AND x.dup_key IS NULL
  UNION ALL
  SELECT d.*, x.n AS dup_rows,
         row_number() OVER (PARTITION BY lower(d.modelId) ORDER BY d.last_modified DESC, d.modelId) AS rn
  FROM dump d JOIN dups x ON x.dup_key = lower(d.modelId)
),
picked AS (
  SELECT CAST(modelId AS STRING) AS model_id,
         lower(CAST(modelId AS STRING)) AS model_key,
         CASE WHEN instr(modelId, '/') > 0 THEN lower(substr(modelId, 1, instr(modelId, '/') - 1)) ELSE '' END AS org,
         CAST(author AS STRING) AS author,
         CAST(last_modified AS STRING) AS last_modified,
         CAST(createdAt AS STRING) AS created_at,
         CAST(downloads AS BIGINT) AS downloads,
         CAST(likes AS BIGINT) AS likes,
         CAST(library_name AS STRING) AS library_name,
         CAST(pipeline_tag AS STRING) AS pipeline_tag,
         tags,
         CAST(dup_rows AS BIGINT) AS dup_rows,
         regexp_extract(coalesce(card, ''), '^[ \t\r\n]*---[ \t]*\r?\n([\s\S]*?)\r?\n---', 1) AS front
  FROM rows WHERE rn = 1
)
SELECT model_id, model_key, org, author, last_modified, created_at, downloads, likes, library_name, pipeline_tag,
       tags, dup_rows,
       NULLIF(regexp_extract(front, '(?m)^license_name:[ \t]*["'']?(.*?)["'']?[ \t]*$', 1), '') AS license_name,
       NULLIF(regexp_extract(front, '(?m)^license_link:[ \t]*["'']?(.*?)["'']?[ \t]*$', 1), '') AS license_link,
       NULLIF(lower(regexp_extract(front, '(?m)^base_model_relation:[ \t]*["'']?([A-Za-z_-]*)["'']?[ \t]*$', 1)), '')
         AS card_relation
FROM picked
