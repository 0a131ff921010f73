-- loaded-language: matches per outlet and lexicon category, in the outlet's own words
-- and inside quotations. Every outlet and category is listed, with zeros.
SELECT o.outlet_id,
       c.category,
       count(m.term) AS matches,
       count(m.term) FILTER (WHERE NOT m.quoted) AS own_words,
       count(m.term) FILTER (WHERE m.quoted) AS quoted,
       array_to_string(list_sort(list_distinct(list(lower(m.text)))), ', ') AS terms
FROM outlets o
CROSS JOIN (SELECT DISTINCT category FROM loaded_language_lexicon) c
LEFT JOIN loaded_language_matches m ON m.outlet_id = o.outlet_id AND m.category = c.category
GROUP BY o.outlet_id, c.category
ORDER BY o.outlet_id, c.category
