-- Hedging, step 1 of 7: the hedge lexicon.
--
-- Reads lexicon.csv, which lies beside this file, from the folder the variable data_folder
-- names (SET VARIABLE data_folder = '<this folder>'; falseflag sets it). One row per cue:
--   cue       the words, lower case; '#' stands for a number in digits or words
--             ('more than #'), and a negated_certainty cue written 'not ...' also
--             matches "n't" and 'never', an auxiliary before the negation and words
--             such as 'been' or 'yet' after it ('has not been confirmed')
--   category  modal, epistemic_verb, epistemic_adjective, adverb, reportive,
--             distancing, approximator or negated_certainty
--   source    the public word list the cue comes from (repository and path), or
--             'falseflag' for cues added here
--   note      why the cue is there, or how it is limited
CREATE OR REPLACE TABLE hedge_lexicon AS
SELECT trim(cue) AS cue, trim(category) AS category, source, note
FROM read_csv(
    getvariable('data_folder') || '/lexicon.csv',
    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {'cue': 'VARCHAR', 'category': 'VARCHAR', 'source': 'VARCHAR', 'note': 'VARCHAR'}
)
WHERE trim(coalesce(cue, '')) <> '';
