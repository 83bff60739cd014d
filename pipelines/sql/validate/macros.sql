-- Parsing macros of the validation: each takes a trimmed cell (NULL when blank) and returns
-- the typed value, or NULL when the cell cannot be read. Forgiving on formatting only:
-- what a spreadsheet in Spain, Italy, Cyprus, Kazakhstan or Uzbekistan writes for the same
-- number or date is read the same; anything ambiguous is left NULL and reported.

-- Spaces used as thousands separators by Excel and LibreOffice (NBSP, narrow NBSP, thin
-- and figure spaces) become plain spaces.
CREATE OR REPLACE TEMP MACRO lv_spaces(s) AS
    regexp_replace(s, '[\x{00A0}\x{202F}\x{2009}\x{2007}]', ' ', 'g');

-- "1,234" in a decimal column: one thousand two hundred thirty-four, or 1.234?
CREATE OR REPLACE TEMP MACRO lv_ambiguous(s) AS
    regexp_full_match(lv_spaces(s), '[+-]?[1-9][0-9]{0,2},[0-9]{3}');

-- Helper of lv_number for numbers written with separators.
CREATE OR REPLACE TEMP MACRO lv_number_formatted(n) AS
    CASE
        WHEN regexp_full_match(n, '[+-]?[0-9]*[.][0-9]+') THEN CAST(n AS DOUBLE)
        WHEN regexp_full_match(n, '[+-]?[1-9][0-9]{0,2},[0-9]{3}') THEN NULL
        WHEN regexp_full_match(n, '[+-]?[0-9]*,[0-9]+') THEN CAST(replace(n, ',', '.') AS DOUBLE)
        WHEN regexp_full_match(n, '[+-]?[1-9][0-9]{0,2}( [0-9]{3})+([.,][0-9]+)?')
            THEN CAST(replace(replace(n, ' ', ''), ',', '.') AS DOUBLE)
        WHEN regexp_full_match(n, '[+-]?[1-9][0-9]{0,2}([.][0-9]{3})+,[0-9]+')
            THEN CAST(replace(replace(n, '.', ''), ',', '.') AS DOUBLE)
        WHEN regexp_full_match(n, '[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+[.][0-9]+')
            THEN CAST(replace(n, ',', '') AS DOUBLE)
        WHEN regexp_full_match(n, '[+-]?[1-9][0-9]{0,2}(,[0-9]{3}){2,}')
            THEN CAST(replace(n, ',', '') AS DOUBLE)
        WHEN regexp_full_match(n, '[+-]?[1-9][0-9]{0,2}([.][0-9]{3}){2,}')
            THEN CAST(replace(n, '.', '') AS DOUBLE)
    END;

-- A decimal number: 1234, 1.5, 1,5, 1 234, 1 234,5, 1.234,5, 1,234.5, 1,234,567.
-- NULL when unreadable or ambiguous (see lv_ambiguous).
CREATE OR REPLACE TEMP MACRO lv_number(s) AS
    CASE
        WHEN regexp_full_match(s, '[+-]?[0-9]+([.][0-9]+)?') THEN CAST(s AS DOUBLE)
        ELSE lv_number_formatted(lv_spaces(s))
    END;

-- A whole number. Here "1,234", "1.234" and "1 234" can only mean 1234; "5.0" means 5.
CREATE OR REPLACE TEMP MACRO lv_integer(s) AS
    CASE
        WHEN regexp_full_match(s, '[+-]?[0-9]{1,15}') THEN CAST(s AS BIGINT)
        WHEN regexp_full_match(
            lv_spaces(s), '[+-]?[1-9][0-9]{0,2}(( [0-9]{3})+|(,[0-9]{3})+|([.][0-9]{3})+)'
        ) AND length(s) <= 20
            THEN CAST(regexp_replace(lv_spaces(s), '[ ,.]', '', 'g') AS BIGINT)
        WHEN lv_number(s) = round(lv_number(s)) AND abs(lv_number(s)) < 1e15
            THEN CAST(lv_number(s) AS BIGINT)
    END;

-- yes/no, y/n, true/false, 1/0 in any case.
CREATE OR REPLACE TEMP MACRO lv_yesno(s) AS
    CASE lower(s)
        WHEN 'yes' THEN true WHEN 'y' THEN true WHEN 'true' THEN true WHEN '1' THEN true
        WHEN 'no' THEN false WHEN 'n' THEN false WHEN 'false' THEN false WHEN '0' THEN false
    END;

-- Does the cell have the shape of a date we accept (then a NULL lv_date means impossible)?
CREATE OR REPLACE TEMP MACRO lv_date_shape(s) AS
    regexp_full_match(s, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}( 00:00(:00(\.0+)?)?)?')
    OR regexp_full_match(s, '[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4}( 00:00(:00)?)?')
    OR regexp_full_match(s, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( 00:00(:00)?)?');

-- YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY (a midnight time is tolerated); NULL otherwise,
-- also for impossible dates such as 31.02.2025.
CREATE OR REPLACE TEMP MACRO lv_date(s) AS
    CASE
        WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(s AS DATE)
        WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}( 00:00(:00(\.0+)?)?)?')
            THEN TRY_CAST(split_part(s, ' ', 1) AS DATE)
        WHEN regexp_full_match(s, '[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{4}( 00:00(:00)?)?')
            OR regexp_full_match(s, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}( 00:00(:00)?)?')
            THEN TRY_CAST(
                regexp_extract(s, '^[0-9]{1,2}[./][0-9]{1,2}[./]([0-9]{4})', 1) || '-'
                || regexp_extract(s, '^[0-9]{1,2}[./]([0-9]{1,2})', 1) || '-'
                || regexp_extract(s, '^([0-9]{1,2})', 1)
                AS DATE
            )
    END;

-- The items of a list cell: split on ';', ',' or line breaks, trimmed, blanks dropped.
CREATE OR REPLACE TEMP MACRO lv_items(s) AS
    list_filter(
        list_transform(regexp_split_to_array(s, '[;,\n]'), lambda i: trim(i)),
        lambda i: i <> ''
    );

-- SDG goal items: "4;13", "4, 13", "SDG 4 / SDG 13", "4 13" -> ['4', '13'].
CREATE OR REPLACE TEMP MACRO lv_sdg_items(s) AS
    list_filter(
        regexp_split_to_array(regexp_replace(s, '(?i)sdg[ -]?', '', 'g'), '[;,/\s]+'),
        lambda i: i <> ''
    );

-- A vocabulary value written loosely ("On site", "on-site", "ON_SITE") -> "on_site".
CREATE OR REPLACE TEMP MACRO lv_token(s) AS lower(regexp_replace(trim(s), '[\s-]+', '_', 'g'));

-- The vocabulary's own spelling of a value, or NULL when it is not in the vocabulary.
CREATE OR REPLACE TEMP MACRO lv_choice(s, vocab) AS
    CASE
        WHEN list_contains(vocab, s) THEN s
        ELSE vocab[list_position(list_transform(vocab, lambda v: lower(v)), lv_token(s))]
    END;
