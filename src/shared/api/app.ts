import { z } from 'zod';
import { channel } from './channel';

export type DatabaseKind = 'embedded' | 'central';

export interface DatabaseDescription {
  kind: DatabaseKind;
  /** Host and database name, for the status bar; never credentials. */
  host: string;
  port: number;
  database: string;
}

/** Connection health as the main process sees it; `offline` while the server cannot be reached. */
export type ConnectionState = 'online' | 'offline';

export interface AppInfo {
  version: string;
  database: DatabaseDescription;
  connection: ConnectionState;
}

export const appChannels = {
  'app/info': channel<AppInfo>()(z.object({}).strict(), { public: true }),
};
