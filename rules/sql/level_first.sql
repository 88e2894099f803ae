-- Lineage levels, first step: models none of whose parents (in the dump) remain unplaced, at level {level}.
SELECT k.model_id, {level} AS level
FROM kept k
LEFT JOIN levels done ON done.model_id = k.model_id
LEFT JOIN edges_live e ON e.child = k.model_id
LEFT JOIN levels pl ON pl.model_id = e.parent
WHERE done.model_id IS NULL
GROUP BY k.model_id
HAVING count(e.parent) = count(pl.model_id)
