import type { HandlerMap } from '../api/handlers';
import { classifyProcedure, getTitolario, saveClassification } from './titolarioService';

type TitolarioHandlers = Pick<HandlerMap, 'titolario/get' | 'titolario/save' | 'titolario/classifyProcedure'>;

export const titolarioHandlers: TitolarioHandlers = {
  'titolario/get': async (_input, { session }) => getTitolario(session.db),
  'titolario/save': async (input, { session }) => saveClassification(session.db, session.info.ente.id, input),
  'titolario/classifyProcedure': async (input, { session }) => classifyProcedure(session.db, input),
};
