-- Licences cut at the models of this level because their licensor relicensed the model there (a licence the
-- model re-declares was not cut: it is still in force, as its own).
SELECT r.model_id, r.license_id, r.origin
FROM reached r LEFT JOIN declared d ON d.model_id = r.model_id AND d.license_id = r.license_id
WHERE r.is_cut = 1 AND d.model_id IS NULL
