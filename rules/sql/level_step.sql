-- Lineage levels, next step: children of level {prev} all of whose parents are placed, at level {level} (the
-- longest path from an original, so parents always come first). What is never placed sits on a cycle or below one.
WITH cand AS (
  SELECT DISTINCT e.child FROM edges_live e JOIN levels l ON l.model_id = e.parent WHERE l.level = {prev}
)
SELECT c.child AS model_id, {level} AS level
FROM cand c
JOIN edges_live e ON e.child = c.child
LEFT JOIN levels pl ON pl.model_id = e.parent
GROUP BY c.child
HAVING count(*) = count(pl.model_id)
