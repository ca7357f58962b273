/**
 * The demo Comune's toponymy for the archive: today's streets (those the residents live in) and the
 * names some of them had before a council renamed them. Practices filed before a renaming carry
 * the old name, as the paper does; the archive's search finds them by either name.
 */
import type { StreetType } from '../../shared/domain/archive';
import { readWrittenAddress } from '../archive/records';
import { STREETS } from './names';

export interface DemoStreet {
  type: StreetType;
  name: string;
}

export interface DemoRenaming {
  /** The name on the older paperwork. */
  old: DemoStreet;
  /** Today's name (one of STREETS). */
  today: DemoStreet;
  /** The council resolution's day: practices before it use the old name. */
  renamedOn: string;
}

/** Today's streets, read from the same list the people registry uses. */
export const DEMO_STREETS: readonly DemoStreet[] = STREETS.map((written) => {
  const address = readWrittenAddress(written);
  if (!address) throw new Error(`demo toponymy: not an address: ${written}`);
  return { type: address.streetType, name: address.name };
});

function today(written: string): DemoStreet {
  const street = DEMO_STREETS.find(
    (candidate) => `${candidate.type} ${candidate.name}`.toLowerCase() === written.toLowerCase().replace('località', 'localita'),
  );
  if (!street) throw new Error(`demo toponymy: ${written} is not one of today's streets`);
  return street;
}

export const DEMO_RENAMINGS: readonly DemoRenaming[] = [
  { old: { type: 'via', name: 'Vittorio Emanuele III' }, today: today('Via della Libertà'), renamedOn: '1975-04-25' },
  { old: { type: 'piazza', name: 'Umberto I' }, today: today('Piazza della Repubblica'), renamedOn: '1972-06-02' },
  { old: { type: 'viale', name: 'Regina Margherita' }, today: today('Viale Europa'), renamedOn: '1979-05-09' },
  { old: { type: 'via', name: 'Nuova' }, today: today('Via Aldo Moro'), renamedOn: '1979-03-16' },
  { old: { type: 'via', name: 'della Circonvallazione' }, today: today('Via Alcide De Gasperi'), renamedOn: '1982-09-18' },
  { old: { type: 'strada', name: 'Provinciale Tiberina' }, today: today('Via Tiberina'), renamedOn: '1990-01-15' },
  { old: { type: 'via', name: 'del Campo Sportivo' }, today: today('Via Papa Giovanni XXIII'), renamedOn: '1970-10-11' },
  { old: { type: 'vicolo', name: 'Cieco' }, today: today('Vicolo del Forno'), renamedOn: '1988-02-20' },
];

/** The name a street had on `day` (ISO): the old name before its renaming, today's after. */
export function streetNameOn(street: DemoStreet, day: string): DemoStreet {
  const renaming = DEMO_RENAMINGS.find((candidate) => candidate.today.type === street.type && candidate.today.name === street.name);
  return renaming && day < renaming.renamedOn ? renaming.old : street;
}
