-- Propagation, one lineage level ({level}): every licence of a parent that reaches a child of this level, as
-- propagation.py decides it. Through the weights (weight_relations) where the licence binds the relation
-- (license_binds; an unidentified licence always does: fail closed); through a teacher's outputs
-- (`distillation`) the whole licence (outputs_reach `whole`, or unidentified) or its duties (`duties`: partial).
-- Per licence key the best path is kept (whole before partial, then the shortest; ties by origin, then parent)
-- together with the publishers of every origin (org_min / org_max over all of them), so that the relicensing
-- cut does not depend on which origin is shown: a licence with licensor orgs is cut at a model one of them
-- publishes; one without, only when every origin is published by the model's own publisher; and only at a
-- model that declares a licence the knowledge base knows.
WITH kids AS (SELECT model_id, org, has_known FROM nodes WHERE level = {level}),
cand AS (
  SELECT e.child AS model_id, p.lkey, p.license_id, p.raw, p.origin, e.parent AS via, p.hops + 1 AS hops,
         CASE WHEN e.relation = 'distillation' AND r.outputs_reach = 'duties' THEN 1
              WHEN e.relation = 'distillation' THEN 0 ELSE p.partial END AS partial,
         CASE WHEN e.relation = 'distillation' THEN 'outputs' ELSE p.reach END AS reach,
         p.org_min, p.org_max
  FROM edges_live e
  JOIN kids k ON k.model_id = e.child
  JOIN effective p ON p.model_id = e.parent
  LEFT JOIN license_rules r ON r.license_id = p.license_id
  LEFT JOIN license_binds b ON b.license_id = p.license_id AND b.relation = e.relation
  LEFT JOIN weight_relations w ON w.relation = e.relation
  WHERE (w.relation IS NOT NULL AND (r.license_id IS NULL OR b.license_id IS NOT NULL))
     OR (e.relation = 'distillation' AND p.partial = 0 AND (r.license_id IS NULL OR r.outputs_reach IN ('whole', 'duties')))
),
ranked AS (
  SELECT c.*,
         row_number() OVER (PARTITION BY model_id, lkey ORDER BY partial, hops, origin, via) AS rn,
         min(org_min) OVER (PARTITION BY model_id, lkey) AS all_min,
         max(org_max) OVER (PARTITION BY model_id, lkey) AS all_max
  FROM cand c
)
SELECT b.model_id, b.lkey, b.license_id, b.raw, b.origin, b.via, b.hops, b.partial, b.reach,
       b.all_min AS org_min, b.all_max AS org_max,
       CASE WHEN k.has_known = 1 AND k.org <> '' AND (
              (r.has_licensors = 1 AND lo.org IS NOT NULL)
              OR (coalesce(r.has_licensors, 0) = 0 AND b.all_min = k.org AND b.all_max = k.org))
            THEN 1 ELSE 0 END AS is_cut
FROM ranked b
JOIN kids k ON k.model_id = b.model_id
LEFT JOIN license_rules r ON r.license_id = b.license_id
LEFT JOIN license_orgs lo ON lo.license_id = b.license_id AND lo.org = k.org
WHERE b.rn = 1
