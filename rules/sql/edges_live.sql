-- The edges licences travel along: to a parent the dump has, and not inside a declared cycle (an edge between
-- two models that both sit on a cycle carries no terms: propagation.py reports them as a cycle instead).
SELECT e.child, e.parent, e.relation
FROM edges e
LEFT JOIN cycle_nodes a ON a.model_id = e.child
LEFT JOIN cycle_nodes b ON b.model_id = e.parent
WHERE e.parent IS NOT NULL AND (a.model_id IS NULL OR b.model_id IS NULL)
