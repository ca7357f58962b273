import type { Knex } from 'knex';
import * as m0000 from './20261123090000_schema_and_group_roles';
import * as m0100 from './20261123090100_enti_offices_staff';
import * as m0200 from './20261123090200_audit_log';
import * as m0300 from './20261123090300_people_registry';
import * as m0400 from './20261123090400_procedure_catalogue';
import * as m0500 from './20261123090500_instances';
import * as m0600 from './20261123090600_staff_administration';
import * as m0700 from './20261123090700_worklist_indexes';
import * as m0710 from './20261123090710_worklist_scoped_lookups';
import * as m1000 from './20261123091000_case_workflow';
import * as m1050 from './20261123091050_workflow_transitions';
import * as m1100 from './20261123091100_documents';
import * as m1200 from './20261123091200_outbox';
import * as m1300 from './20261123091300_protocol_register';
import * as m1350 from './20261123091350_registration';
import * as m1400 from './20261123091400_intake';
import * as m1600 from './20261123091600_people_search';
import * as m2000 from './20261123092000_archive';
import * as m2100 from './20261123092100_archive_search_speed';
import * as m3000 from './20261123093000_workload';
import * as m3000f from './20261123093000_workload_figures';
import * as m3000v from './20261123093000_workload_views';
import * as m3010 from './20261123093010_workload_remembered_views';
import * as m3500 from './20261123093500_registration_throughput';
import * as m4000 from './20261123094000_anagrafe';
import * as m4100 from './20261123094100_certificates';
import * as m4110 from './20261123094110_certificate_types_data';
import * as m4120 from './20261123094120_certificate_verifier';
import * as m4200 from './20261123094200_cdu';
import * as m5000 from './20261123095000_registration_cost';
import * as m5100 from './20261123095100_registration_entry_point';

export interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Every migration, in order, imported statically so that the same list serves the bundled Electron
 * app, the `db:migrate` command and the tests. A unit test checks it matches the folder.
 */
export const MIGRATIONS: Array<[name: string, migration: Migration]> = [
  ['20261123090000_schema_and_group_roles', m0000],
  ['20261123090100_enti_offices_staff', m0100],
  ['20261123090200_audit_log', m0200],
  ['20261123090300_people_registry', m0300],
  ['20261123090400_procedure_catalogue', m0400],
  ['20261123090500_instances', m0500],
  ['20261123090600_staff_administration', m0600],
  ['20261123090700_worklist_indexes', m0700],
  ['20261123090710_worklist_scoped_lookups', m0710],
  ['20261123091000_case_workflow', m1000],
  ['20261123091050_workflow_transitions', m1050],
  ['20261123091100_documents', m1100],
  ['20261123091200_outbox', m1200],
  ['20261123091300_protocol_register', m1300],
  ['20261123091350_registration', m1350],
  ['20261123091400_intake', m1400],
  ['20261123091600_people_search', m1600],
  ['20261123092000_archive', m2000],
  ['20261123092100_archive_search_speed', m2100],
  ['20261123093000_workload', m3000],
  ['20261123093000_workload_figures', m3000f],
  ['20261123093000_workload_views', m3000v],
  ['20261123093010_workload_remembered_views', m3010],
  ['20261123093500_registration_throughput', m3500],
  ['20261123094000_anagrafe', m4000],
  ['20261123094100_certificates', m4100],
  ['20261123094110_certificate_types_data', m4110],
  ['20261123094120_certificate_verifier', m4120],
  ['20261123094200_cdu', m4200],
  ['20261123095000_registration_cost', m5000],
  ['20261123095100_registration_entry_point', m5100],
];
