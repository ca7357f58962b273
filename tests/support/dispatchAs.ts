import type { Knex } from 'knex';
import { allHandlers } from '../../src/main/api/allHandlers';
import { createDispatcher } from '../../src/main/api/dispatch';
import type { HandlerContext } from '../../src/main/api/handlers';
import type { Runtime } from '../../src/main/runtime';
import type { Session } from '../../src/main/session/session';
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/api/contract';
import type { ApiError, ApiResult } from '../../src/shared/api/errors';
import type { StaffRole } from '../../src/shared/api/session';
import type { EnteFixture } from './fixtures';
import type { TestStaff } from './testDatabase';

const dispatch = createDispatcher(allHandlers, () => {});

/** A channel called through the dispatcher, as both transports call it. */
export type ChannelCall = <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<ApiResult<ChannelOutput<C>>>;

/** Calls channels as `staff`, signed in on `db` (their own login), through the real dispatcher and handlers. */
export function callAs(staff: TestStaff, db: Knex, ente: EnteFixture, who: { fullName: string; officeIds?: number[] }): ChannelCall {
  const session: Session = {
    info: {
      staffId: staff.id,
      username: staff.username,
      fullName: who.fullName,
      role: staff.role as StaffRole,
      ente: { id: ente.enteId, name: ente.name },
      offices: (who.officeIds ?? []).map((id) => ({ id, name: String(id) })),
    },
    db,
    close: async () => {},
  };
  const ctx: HandlerContext = { runtime: {} as Runtime, slot: { get: () => session, set: () => {} } };
  return (channel, input) => dispatch(channel, input, ctx) as never;
}

export function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`Expected success, got ${JSON.stringify(result.error)}`);
  return result.data;
}

export function failed<T>(result: ApiResult<T>): ApiError {
  if (result.ok) throw new Error('Expected a refusal, got success');
  return result.error;
}
