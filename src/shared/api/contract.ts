import type { z } from 'zod';
import { appChannels } from './app';
import { archiveChannels } from './archive';
import { casesChannels } from './cases';
import { certificatesChannels } from './certificates';
import { cduChannels } from './cdu';
import { defineContract, type ChannelSpec } from './channel';
import { documentsChannels } from './documents';
import { instancesChannels } from './instances';
import { intakeChannels } from './intake';
import { messagesChannels } from './messages';
import { peopleChannels } from './people';
import { protocolChannels } from './protocol';
import { sessionChannels } from './session';
import { staffChannels } from './staff';
import { titolarioChannels } from './titolario';
import { workloadChannels } from './workload';

/** The whole API, declared once: both transports (IPC and browser-mode HTTP) serve exactly this. */
export const contract = defineContract(appChannels, casesChannels, titolarioChannels, sessionChannels, instancesChannels, staffChannels, documentsChannels, messagesChannels, intakeChannels, peopleChannels, protocolChannels, workloadChannels, archiveChannels, certificatesChannels, cduChannels);

export type Contract = typeof contract;
export type Channel = keyof Contract & string;
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = Contract[C] extends ChannelSpec<z.ZodType, infer O> ? O : never;

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}
