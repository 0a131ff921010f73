-- Attribution, step 1 of 9: the reporting-verb lexicon.
--
-- Reads verbs.csv, which lies beside this file, from the folder the variable data_folder
-- names (SET VARIABLE data_folder = '<this folder>'; falseflag sets it). One row per word form:
--   verb    the form as it appears in a reporting cue ('said', 'according to')
--   class   neutral (reports the words) or loaded (judges them or the speaker:
--           'claimed', 'admitted', 'insisted', 'assured' ...)
--   source  where the classification comes from, or 'falseflag'
--   note    why, where that needs saying
CREATE OR REPLACE TABLE attribution_verb_lexicon AS
SELECT lower(trim(verb)) AS verb, trim(class) AS class, source, note
FROM read_csv(
    getvariable('data_folder') || '/verbs.csv',
    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {'verb': 'VARCHAR', 'class': 'VARCHAR', 'source': 'VARCHAR', 'note': 'VARCHAR'}
)
WHERE trim(coalesce(verb, '')) <> '';
