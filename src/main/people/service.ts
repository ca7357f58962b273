import type { Knex } from 'knex';
import {
  DOSSIER_SECTION_KEYS,
  PEOPLE_SEARCH_LIMIT,
  type Dossier,
  type DossierSectionItem,
  type DossierSectionKey,
  type Party,
  type PartyKind,
  type PeopleSearchResult,
} from '../../shared/api/people';
import { interpretPeopleQuery } from '../../shared/domain/peopleSearch';
import { AppError } from '../api/appError';
import { registryOf } from './anagrafe';
import {
  partiesByCodiceFiscale,
  partiesByNameSimilarity,
  partiesByNameWords,
  partiesByPartitaIva,
  selectParty,
  selectPartyInstances,
  selectPartyMessages,
  selectPartyProtocolEntries,
  selectRelatedParties,
} from './queries';

/**
 * Finds people and businesses: an identifier exactly (after checking it could be valid), a name by
 * its words, and, when no name contains them all, the closest names.
 */
export async function searchPeople(db: Knex, text: string): Promise<PeopleSearchResult> {
  const interpretation = interpretPeopleQuery(text);
  if (!interpretation.ok) {
    throw new AppError('validation', `Search text refused: ${interpretation.reason}`, interpretation.reason, [
      { path: 'text', reason: interpretation.reason },
    ]);
  }
  const { query } = interpretation;
  if (query.kind === 'codice_fiscale') {
    return { searchedBy: 'codice_fiscale', approximate: false, parties: await partiesByCodiceFiscale(db, query.value), truncated: false };
  }
  if (query.kind === 'partita_iva') {
    return { searchedBy: 'partita_iva', approximate: false, parties: await partiesByPartitaIva(db, query.value), truncated: false };
  }
  const exact = await partiesByNameWords(db, query.words, PEOPLE_SEARCH_LIMIT);
  if (exact.parties.length > 0) return { searchedBy: 'name', approximate: false, parties: exact.parties, truncated: exact.more };
  const close = await partiesByNameSimilarity(db, query.words, PEOPLE_SEARCH_LIMIT);
  return { searchedBy: 'name', approximate: close.parties.length > 0, parties: close.parties, truncated: close.more };
}

/**
 * What another capability adds to the dossier (certificates, payments, archive records): its items
 * about the party, read on the user's connection. A capability registers its provider here when it
 * arrives; until then its section is listed with no items.
 */
export type DossierSectionProvider = (db: Knex.Transaction, party: Party) => Promise<DossierSectionItem[]>;

const SECTION_PROVIDERS: Partial<Record<DossierSectionKey, DossierSectionProvider>> = {};

/**
 * Everything about a person or business the user may see, read in one repeatable-read snapshot so
 * the lists agree with each other (a message never appears without its instance).
 */
export async function partyDossier(db: Knex, kind: PartyKind, id: number): Promise<Dossier> {
  return db.transaction(
    async (trx) => {
      const party = await selectParty(trx, kind, id);
      if (!party) throw new AppError('not_found', `No ${kind} ${id} visible`, 'party_not_found');
      const related = await selectRelatedParties(trx, kind, id);
      const instances = await selectPartyInstances(trx, kind, id);
      const protocolEntries = await selectPartyProtocolEntries(trx, kind, id);
      const messages = await selectPartyMessages(trx, kind, id);
      const sections: Dossier['sections'] = [];
      for (const key of DOSSIER_SECTION_KEYS) {
        const provider = SECTION_PROVIDERS[key];
        sections.push({ key, items: provider ? await provider(trx, party) : [] });
      }
      const registry = kind === 'person' ? await registryOf(trx, id) : null;
      return { party, related, instances, protocolEntries, messages, sections, registry };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}
