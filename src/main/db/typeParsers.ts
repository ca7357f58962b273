import pg from 'pg';

/**
 * Values cross the API as plain JSON. A SQL `date` is a calendar day, not an instant: node-postgres
 * would turn it into a local-midnight Date (off by one across time zones), so it stays a string.
 * Identifiers and counts are bigint; they fit a JavaScript number by many orders of magnitude.
 */
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
