/** What the integration tests' global setup hands to every test file (via vitest's provide/inject). */
export interface ServerInfo {
  host: string;
  port: number;
  /** A superuser (or BYPASSRLS + CREATEROLE) login for creating databases and roles. */
  user: string;
  password: string;
}

export interface IntegrationServers {
  /** The server test databases live on: TEST_DATABASE_URL's, or the embedded one. */
  main: ServerInfo;
  /** A server that checks passwords (the embedded one): sign-in tests run here. */
  passwordChecking: ServerInfo;
  /** A migrated database on `main` that each test file clones. */
  templateDatabase: string;
  /** A migrated database on `passwordChecking` that sign-in tests clone. */
  passwordCheckingTemplate: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: IntegrationServers;
  }
}
