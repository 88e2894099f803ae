-- The value of each `license:<id>` tag, as the Hub writes the card's licence.
SELECT DISTINCT model_id, substr(tag, 9) AS value FROM tags_flat WHERE lower(substr(tag, 1, 8)) = 'license:'
