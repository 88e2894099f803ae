-- Every model with its level, whether it sits on a declared cycle, and whether it declares a licence the
-- knowledge base knows (only such a declaration can relicense: propagation.py's `_relicensed`).
SELECT k.model_id, k.org, coalesce(l.level, -1) AS level,
       CASE WHEN c.model_id IS NOT NULL THEN 'cycle' WHEN l.model_id IS NULL THEN 'depth-limit' ELSE 'ok' END AS status,
       CASE WHEN kn.model_id IS NOT NULL THEN 1 ELSE 0 END AS has_known
FROM kept k
LEFT JOIN levels l ON l.model_id = k.model_id
LEFT JOIN cycle_nodes c ON c.model_id = k.model_id
LEFT JOIN (SELECT DISTINCT model_id FROM declared WHERE license_id <> 'unknown') kn ON kn.model_id = k.model_id
