-- The countries with whole-country national figures in the warehouse (any imported country).
SELECT DISTINCT country
FROM ctx_national
WHERE region = ''
ORDER BY country;
