-- Declared parents from the Hub's `base_model:<id>` and `base_model:<relation>:<id>` tags. The relation is the
-- card's base_model_relation, else `merge` for several parents, else the tag's, else `finetune` (the lineage
-- walk's default for a named base; it also reads the repo's look, which a dump does not have). Self-references
-- are dropped; `parent` is the model the id names (case-insensitive), NULL when the dump does not have it.
WITH bm AS (
  SELECT model_id, substr(tag, 12) AS rest FROM tags_flat WHERE lower(substr(tag, 1, 11)) = 'base_model:'
),
parsed AS (
  SELECT DISTINCT model_id,
         CASE WHEN instr(rest, ':') > 0 THEN lower(substr(rest, 1, instr(rest, ':') - 1)) END AS tag_rel,
         CASE WHEN instr(rest, ':') > 0 THEN substr(rest, instr(rest, ':') + 1) ELSE rest END AS parent_raw
  FROM bm
),
valid AS (
  SELECT p.model_id, p.parent_raw, lower(p.parent_raw) AS parent_key, n.relation AS tag_rel
  FROM parsed p LEFT JOIN relation_names n ON n.name = p.tag_rel
  WHERE p.parent_raw <> '' AND instr(p.parent_raw, ':') = 0 AND instr(p.parent_raw, ' ') = 0
    AND (p.tag_rel IS NULL OR n.relation IS NOT NULL)
    AND lower(p.parent_raw) <> lower(p.model_id)
),
one AS (  -- a parent named by two tags (with and without a relation) is one edge; the tag with a relation wins
  SELECT model_id, parent_key, min(parent_raw) AS parent_raw, max(tag_rel) AS tag_rel
  FROM valid GROUP BY model_id, parent_key
),
counted AS (SELECT model_id, count(*) AS n_parents FROM one GROUP BY model_id)
SELECT o.model_id AS child, o.parent_raw, m.model_id AS parent,
       coalesce(cr.relation, CASE WHEN c.n_parents > 1 THEN 'merge' END, o.tag_rel, 'finetune') AS relation
FROM one o
JOIN counted c ON c.model_id = o.model_id
JOIN kept k ON k.model_id = o.model_id
LEFT JOIN relation_names cr ON cr.name = k.card_relation
LEFT JOIN kept m ON m.model_key = o.parent_key
