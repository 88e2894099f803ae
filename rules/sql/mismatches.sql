-- The mismatch rules of propagation.py, one row per (model, kind, licence, origin):
--   no-license        a derivative (it names a parent) that declares nothing; one row per licence it inherits whole
--                     (licence NULL when it inherits none);
--   drops-inherited   a derivative that declares a licence and stays bound by an inherited licence it does not
--                     declare, which does not allow relicensing;
--   differs-from-base a quantization declaring other (known) licences than its base declares (origin: the base).
WITH parented AS (SELECT DISTINCT child AS model_id FROM edges),
declares AS (SELECT DISTINCT model_id FROM declared),
bound AS (
  SELECT e.model_id, e.license_id, e.origin FROM effective e
  WHERE e.hops > 0 AND e.partial = 0
),
no_licence AS (
  SELECT p.model_id FROM parented p LEFT JOIN declares d ON d.model_id = p.model_id WHERE d.model_id IS NULL
),
known AS (SELECT DISTINCT model_id, license_id FROM declared WHERE license_id <> 'unknown'),
known_n AS (SELECT model_id, count(*) AS n FROM known GROUP BY model_id),
quant AS (
  SELECT DISTINCT e.child, e.parent FROM edges e JOIN known_n pk ON pk.model_id = e.parent
  WHERE e.relation = 'quantized' AND e.parent IS NOT NULL
),
shared AS (
  SELECT q.child, q.parent, count(*) AS n
  FROM quant q JOIN known c ON c.model_id = q.child JOIN known p ON p.model_id = q.parent AND p.license_id = c.license_id
  GROUP BY q.child, q.parent
)
SELECT n.model_id, 'no-license' AS kind, b.license_id AS license, b.origin
FROM no_licence n LEFT JOIN bound b ON b.model_id = n.model_id AND b.license_id <> 'unknown'
UNION ALL
SELECT b.model_id, 'drops-inherited' AS kind, b.license_id AS license, b.origin
FROM bound b
JOIN declares d ON d.model_id = b.model_id
JOIN parented p ON p.model_id = b.model_id
JOIN license_rules r ON r.license_id = b.license_id AND r.relicensing_allowed = 0
LEFT JOIN declared own ON own.model_id = b.model_id AND own.license_id = b.license_id
WHERE own.model_id IS NULL
UNION ALL
SELECT q.child AS model_id, 'differs-from-base' AS kind, CAST(NULL AS STRING) AS license, q.parent AS origin
FROM quant q
JOIN declares d ON d.model_id = q.child
LEFT JOIN known_n cn ON cn.model_id = q.child
LEFT JOIN shared s ON s.child = q.child AND s.parent = q.parent
JOIN known_n pn ON pn.model_id = q.parent
WHERE coalesce(cn.n, 0) <> pn.n OR coalesce(s.n, 0) <> pn.n
