-- Effective licences of the models of level {level}: their own declaration (its own origin), then every licence
-- that reached them and was not cut. An unidentified own value naming the family of a licensor licence the model
-- inherits whole (`meta-llama-license` under Llama 2) is that licence oddly spelt, not a second unknown one.
WITH own AS (
  SELECT d.model_id, d.lkey, d.license_id, d.raw, d.model_id AS origin, CAST(NULL AS STRING) AS via,
         0 AS hops, 0 AS partial, 'weights' AS reach, n.org AS org_min, n.org AS org_max
  FROM declared d JOIN nodes n ON n.model_id = d.model_id
  WHERE n.level = {level}
),
inherited AS (
  SELECT r.model_id, r.lkey, r.license_id, r.raw, r.origin, r.via, r.hops, r.partial, r.reach, r.org_min, r.org_max
  FROM reached r LEFT JOIN own o ON o.model_id = r.model_id AND o.lkey = r.lkey
  WHERE r.is_cut = 0 AND o.model_id IS NULL
),
explained AS (
  SELECT DISTINCT o.model_id, o.lkey
  FROM own o
  JOIN raw_families f ON f.raw = o.raw
  JOIN inherited i ON i.model_id = o.model_id AND i.partial = 0
  JOIN license_rules r ON r.license_id = i.license_id AND r.has_licensors = 1 AND r.family = f.family
  WHERE o.license_id = 'unknown'
)
SELECT o.* FROM own o LEFT JOIN explained x ON x.model_id = o.model_id AND x.lkey = o.lkey WHERE x.model_id IS NULL
UNION ALL
SELECT * FROM inherited
