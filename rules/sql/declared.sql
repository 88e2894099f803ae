-- Each model's declared licences, identified with the knowledge base's lookup (`license_values`): a specific tag
-- value as itself; an unspecific one (`other`) through the card's license_name, then its license_link, else
-- unknown with the raw values kept (fail closed); a card with license_name / license_link and no licence tag the
-- same way. `lkey` is one entry per licence, one per distinct unidentified value (as propagation.py keys them).
WITH specific AS (
  SELECT t.model_id, coalesce(v.license_id, 'unknown') AS license_id, t.value AS raw
  FROM licence_tags t JOIN license_values v ON v.value = t.value
  WHERE v.unspecific = 0
),
unspecific AS (
  SELECT t.model_id, t.value FROM licence_tags t JOIN license_values v ON v.value = t.value WHERE v.unspecific = 1
  UNION ALL
  SELECT k.model_id, '(no license field)' AS value
  FROM kept k LEFT JOIN licence_tags t ON t.model_id = k.model_id
  WHERE t.model_id IS NULL AND (k.license_name IS NOT NULL OR k.license_link IS NOT NULL)
),
resolved AS (
  SELECT u.model_id,
         coalesce(vn.license_id, vl.license_id, 'unknown') AS license_id,
         CASE WHEN vn.license_id IS NOT NULL THEN u.value || ' / license_name: ' || k.license_name
              WHEN vl.license_id IS NOT NULL THEN u.value || ' / license_link: ' || k.license_link
              ELSE u.value || coalesce(' / license_name: ' || k.license_name, '')
                           || coalesce(' / license_link: ' || k.license_link, '') END AS raw
  FROM unspecific u JOIN kept k ON k.model_id = u.model_id
  LEFT JOIN license_values vn ON vn.value = k.license_name
  LEFT JOIN license_values vl ON vl.value = k.license_link
),
every AS (SELECT * FROM specific UNION ALL SELECT * FROM resolved)
SELECT model_id,
       CASE WHEN license_id = 'unknown' THEN 'unknown:' || lower(raw) ELSE license_id END AS lkey,
       license_id, min(raw) AS raw
FROM every
GROUP BY model_id, CASE WHEN license_id = 'unknown' THEN 'unknown:' || lower(raw) ELSE license_id END, license_id
