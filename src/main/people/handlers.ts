import type { HandlerMap } from '../api/handlers';
import { partyDossier, searchPeople } from './service';

type PeopleHandlers = Pick<HandlerMap, 'people/search' | 'people/dossier'>;

export const peopleHandlers: PeopleHandlers = {
  'people/search': async ({ text }, { session }) => searchPeople(session.db, text),
  'people/dossier': async ({ kind, id }, { session }) => partyDossier(session.db, kind, id),
};
