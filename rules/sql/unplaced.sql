-- Models the level walk could not place (a lineage deeper than the build follows): their own licences and an
-- unknown one, so that what was not propagated is never read as a complete answer (fail closed).
SELECT d.model_id, d.lkey, d.license_id, d.raw, d.model_id AS origin, CAST(NULL AS STRING) AS via, 0 AS hops,
       0 AS partial, 'weights' AS reach, n.org AS org_min, n.org AS org_max
FROM declared d JOIN nodes n ON n.model_id = d.model_id
WHERE n.status = 'depth-limit'
UNION ALL
SELECT n.model_id, 'unknown:lineage not propagated' AS lkey, 'unknown' AS license_id,
       'lineage deeper than the index build follows' AS raw, n.model_id AS origin, CAST(NULL AS STRING) AS via,
       1 AS hops, 0 AS partial, 'weights' AS reach, '' AS org_min, '' AS org_max
FROM nodes n
WHERE n.status = 'depth-limit'
