-- One row per (model, tag) of the kept rows; a NULL tag list is no tags.
SELECT model_id, tag FROM (SELECT model_id, {explode}(tags) AS tag FROM kept WHERE tags IS NOT NULL) t
WHERE tag IS NOT NULL
