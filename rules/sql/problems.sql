-- What the build marked rather than trusted: duplicate ids (one row kept), parents the dump does not have,
-- declared cycles (no terms travel inside them), lineages deeper than the build follows.
SELECT model_id, 'duplicate-id' AS kind, CAST(dup_rows AS STRING) || ' rows, the most recently modified kept' AS detail
FROM kept WHERE dup_rows > 1
UNION ALL
SELECT child AS model_id, 'missing-parent' AS kind, parent_raw AS detail FROM edges WHERE parent IS NULL
UNION ALL
SELECT model_id, 'cycle' AS kind, 'cycle ' || CAST(cycle AS STRING) AS detail FROM cycle_nodes
UNION ALL
SELECT model_id, 'depth-limit' AS kind, 'lineage not placed within the level limit' AS detail
FROM nodes WHERE status = 'depth-limit'
