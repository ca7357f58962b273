/**
 * Stand-in for the database drivers knex can `require` but Scrivania never uses (mysql, mysql2,
 * mariadb, sqlite3, better-sqlite3, tedious, oracledb, pg-native, pg-query-stream). The main bundle
 * aliases them all to this module (vite.main.config.mts), so they are neither bundled nor left as
 * unresolvable `require("mysql")` calls. knex and pg only require a driver when it is used, so this
 * module is never evaluated unless something asks for another dialect — then it fails loudly.
 * The error carries `code: 'MODULE_NOT_FOUND'`, which is the truth (the module is not in the build)
 * and lets optional probes such as pg's lazy `pg.native` getter answer null as they would without it.
 */
throw Object.assign(
  new Error(
    'Scrivania uses only PostgreSQL (knex client "pg" with the pure-JavaScript "pg" driver): ' +
      'another database driver was requested and is not included in this build.',
  ),
  { code: 'MODULE_NOT_FOUND' },
);

export {};
