-- One row per model id (ids are case-insensitive on the Hub): the most recently modified row of duplicates,
-- with how many rows the dump had for it. The card's YAML front matter gives license_name / license_link
-- (for `other`) and base_model_relation; only top-level scalar keys are read (enough for the Hub's cards).
SELECT model_id, model_key, org, author, last_modified, created_at, downloads, likes, library_name, pipeline_tag,
       tags, card, dup_rows,
       NULLIF(regexp_extract(front, '(?m)^license_name:[ \t]*["'']?(.*?)["'']?[ \t]*$', 1), '') AS license_name,
       NULLIF(regexp_extract(front, '(?m)^license_link:[ \t]*["'']?(.*?)["'']?[ \t]*$', 1), '') AS license_link,
       NULLIF(lower(regexp_extract(front, '(?m)^base_model_relation:[ \t]*["'']?([A-Za-z_-]*)["'']?[ \t]*$', 1)), '')
         AS card_relation
FROM (
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
         CAST(card AS STRING) AS card,
         regexp_extract(coalesce(card, ''), '^[ \t\r\n]*---[ \t]*\r?\n([\s\S]*?)\r?\n---', 1) AS front,
         row_number() OVER (PARTITION BY lower(modelId) ORDER BY last_modified DESC, modelId) AS rn,
         count(*) OVER (PARTITION BY lower(modelId)) AS dup_rows
  FROM dump
  WHERE modelId IS NOT NULL AND modelId <> ''
) d
WHERE rn = 1
