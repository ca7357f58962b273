import { z } from 'zod';
import type { RegistryData } from '../domain/anagrafe';
import { interpretPeopleQuery } from '../domain/peopleSearch';
import type { InstanceStatus } from '../domain/workflow';
import { channel } from './channel';
import type { MessageStatus } from './messages';
import type { ProtocolChannel, ProtocolDirection } from './protocol';

/**
 * The citizen's and the business's dossier (fascicolo del cittadino / dell'impresa): find them by
 * codice fiscale, partita IVA or name, then see in one place everything about them that the
 * signed-in user may see. Row-level security decides: every clerk of the ente sees the person,
 * but only the instances, registrations and messages of the offices they belong to.
 */

export const PARTY_KINDS = ['person', 'business'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/**
 * A person or business of the registry. Field names match the intake's `ApplicantMatch`, so the
 * desk form and the dossier can share one search.
 */
export type Party =
  | {
      kind: 'person';
      id: number;
      codiceFiscale: string;
      lastName: string;
      firstName: string;
      /** 'YYYY-MM-DD'. */
      birthDate: string;
      birthPlace: string;
      sex: 'M' | 'F';
      email: string | null;
      pec: string | null;
      address: string | null;
      postalCode: string | null;
      city: string | null;
    }
  | {
      kind: 'business';
      id: number;
      partitaIva: string;
      codiceFiscale: string;
      name: string;
      email: string | null;
      pec: string | null;
      address: string | null;
      postalCode: string | null;
      city: string | null;
    };

export interface PeopleSearchResult {
  /** How the text was read: the identifier searched exactly, or a name. */
  searchedBy: 'codice_fiscale' | 'partita_iva' | 'name';
  /**
   * True when no name contains every word typed and the results are the closest names instead
   * (trigram similarity), e.g. for a misspelt surname.
   */
  approximate: boolean;
  parties: Party[];
  /** More matched than shown: the clerk should type more of the name. */
  truncated: boolean;
}

/** How many parties a search returns at most. */
export const PEOPLE_SEARCH_LIMIT = 50;

export const PeopleSearchInput = z
  .object({
    text: z
      .string()
      .trim()
      .max(100, 'too_big')
      .superRefine((text, ctx) => {
        const interpretation = interpretPeopleQuery(text);
        if (!interpretation.ok) ctx.addIssue({ code: 'custom', message: interpretation.reason });
      }),
  })
  .strict();

export interface DossierInstance {
  id: number;
  protocolYear: number;
  protocolNumber: number;
  receivedAt: string;
  procedureName: string;
  subject: string;
  status: InstanceStatus;
  officeName: string;
  assigneeName: string | null;
  /** 'YYYY-MM-DD'. */
  dueDate: string;
  /** Calendar days from today (Europe/Rome) to the due date; negative when overdue; null once concluded. */
  daysLeft: number | null;
  closedAt: string | null;
}

export interface DossierProtocolEntry {
  id: number;
  year: number;
  number: number;
  registeredAt: string;
  direction: ProtocolDirection;
  channel: ProtocolChannel;
  subject: string;
  classificationCode: string;
  annulled: boolean;
  instanceId: number | null;
}

export interface DossierMessage {
  id: number;
  instanceId: number;
  protocolYear: number;
  protocolNumber: number;
  templateCode: string;
  subject: string;
  recipientAddress: string;
  status: MessageStatus;
  queuedAt: string;
  sentAt: string | null;
}

/**
 * Lists that other capabilities add to the dossier as they arrive: certificates issued, pagoPA
 * positions, archive records. Each appears with its own (possibly empty) list of items.
 */
export const DOSSIER_SECTION_KEYS = ['certificates', 'payments', 'archive'] as const;
export type DossierSectionKey = (typeof DOSSIER_SECTION_KEYS)[number];

export interface DossierSectionItem {
  id: string;
  /** The day or instant the item refers to (ISO). */
  date: string;
  title: string;
  /** A reference such as a certificate number or a notice number. */
  reference: string | null;
  status: string | null;
  /** The case the item belongs to, when there is one. */
  instanceId: number | null;
}

export interface DossierSection {
  key: DossierSectionKey;
  items: DossierSectionItem[];
}

export interface Dossier {
  party: Party;
  /** Person: the businesses they legally represent. Business: its legal representative. */
  related: Party[];
  /** Newest first. */
  instances: DossierInstance[];
  /** Registrations naming them as correspondent or belonging to their instances; newest first. */
  protocolEntries: DossierProtocolEntry[];
  /** Communications sent to them about their instances; newest first. */
  messages: DossierMessage[];
  sections: DossierSection[];
  /** A person's registry (anagrafe) data: residence, household, birth act; null for a business. */
  registry: RegistryData | null;
}

export const DossierInput = z.object({ kind: z.enum(PARTY_KINDS), id: z.number().int().positive() }).strict();
export type DossierInputValue = z.input<typeof DossierInput>;

export const peopleChannels = {
  'people/search': channel<PeopleSearchResult>()(PeopleSearchInput),
  'people/dossier': channel<Dossier>()(DossierInput),
};
