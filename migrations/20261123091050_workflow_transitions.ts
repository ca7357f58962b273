import type { Knex } from 'knex';

/**
 * The workflow's transitions as data (which action moves a case from which status to which, for
 * which roles), as written in src/shared/domain/workflow.ts at the time of this migration. A test
 * checks that the table and the app's rules agree.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    INSERT INTO scrivania.workflow_transitions (action, from_status, to_status, roles) VALUES
    ('take_in_charge', 'received', 'in_progress', '{clerk,technician,manager}'),
    ('assign', 'received', 'received', '{manager}'),
    ('assign', 'in_progress', 'in_progress', '{manager}'),
    ('assign', 'suspended', 'suspended', '{manager}'),
    ('assign', 'awaiting_observations', 'awaiting_observations', '{manager}'),
    ('assign', 'awaiting_conformation', 'awaiting_conformation', '{manager}'),
    ('request_integration', 'in_progress', 'suspended', '{technician,manager}'),
    ('receive_integration', 'suspended', 'in_progress', '{clerk,technician,manager}'),
    ('send_preavviso', 'in_progress', 'awaiting_observations', '{technician,manager}'),
    ('receive_observations', 'awaiting_observations', 'in_progress', '{clerk,technician,manager}'),
    ('request_conformation', 'in_progress', 'awaiting_conformation', '{technician,manager}'),
    ('receive_conformation', 'awaiting_conformation', 'in_progress', '{clerk,technician,manager}'),
    ('decide', 'in_progress', 'accepted', '{technician,manager}'),
    ('decide', 'awaiting_observations', 'accepted', '{technician,manager}'),
    ('decide', 'in_progress', 'partially_accepted', '{technician,manager}'),
    ('decide', 'awaiting_observations', 'partially_accepted', '{technician,manager}'),
    ('decide', 'in_progress', 'rejected', '{technician,manager}'),
    ('decide', 'awaiting_observations', 'rejected', '{technician,manager}'),
    ('close', 'accepted', 'accepted', '{technician,manager}'),
    ('close', 'partially_accepted', 'partially_accepted', '{technician,manager}'),
    ('close', 'rejected', 'rejected', '{technician,manager}'),
    ('withdraw', 'received', 'withdrawn', '{clerk,technician,manager}'),
    ('withdraw', 'in_progress', 'withdrawn', '{clerk,technician,manager}'),
    ('withdraw', 'suspended', 'withdrawn', '{clerk,technician,manager}'),
    ('withdraw', 'awaiting_observations', 'withdrawn', '{clerk,technician,manager}'),
    ('withdraw', 'awaiting_conformation', 'withdrawn', '{clerk,technician,manager}'),
    ('add_note', 'received', 'received', '{clerk,technician,manager,admin}'),
    ('add_note', 'in_progress', 'in_progress', '{clerk,technician,manager,admin}'),
    ('add_note', 'suspended', 'suspended', '{clerk,technician,manager,admin}'),
    ('add_note', 'awaiting_observations', 'awaiting_observations', '{clerk,technician,manager,admin}'),
    ('add_note', 'awaiting_conformation', 'awaiting_conformation', '{clerk,technician,manager,admin}'),
    ('add_note', 'accepted', 'accepted', '{clerk,technician,manager,admin}'),
    ('add_note', 'partially_accepted', 'partially_accepted', '{clerk,technician,manager,admin}'),
    ('add_note', 'rejected', 'rejected', '{clerk,technician,manager,admin}'),
    ('add_note', 'withdrawn', 'withdrawn', '{clerk,technician,manager,admin}');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DELETE FROM scrivania.workflow_transitions`);
}
