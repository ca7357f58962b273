import type { Knex } from 'knex';
import { registerSubmissionFunction } from './20261123093500_registration_throughput';

const REGISTERING_ROLES = 'scrivania_clerk, scrivania_technician, scrivania_manager, scrivania_admin';

/**
 * One way in to a registration: `register_submission`. It ran with the caller's rights and so the
 * caller needed to be allowed `register_instance` (with its owner's rights) and to insert
 * registration keys; a clerk could call `register_instance` directly, skipping the claim of the
 * sender's key (a portal submission registered twice) and the applicant's lookup in the registry
 * (a correspondent that is not the person linked). Now `register_submission` runs with its owner's
 * rights and checks first what row-level security would (the caller's ente; an earlier
 * registration of the same submission is shown only if the caller could see it), and staff can no
 * longer call `register_instance` nor write registration keys themselves.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ${registerSubmissionFunction({ ownerRights: true })}
    REVOKE EXECUTE ON FUNCTION scrivania.register_instance(jsonb) FROM ${REGISTERING_ROLES};
    REVOKE INSERT ON scrivania.registration_keys FROM scrivania_staff;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    GRANT INSERT ON scrivania.registration_keys TO scrivania_staff;
    GRANT EXECUTE ON FUNCTION scrivania.register_instance(jsonb) TO ${REGISTERING_ROLES};
    ${registerSubmissionFunction({ ownerRights: false })}
  `);
}
