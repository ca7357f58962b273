import { z } from 'zod';
import { channel } from './channel';

/** Roman title ('VI'), class ('VI.3') or sub-class ('VI.3.2') of the titolario. */
export const CLASSIFICATION_CODE = /^[IVXL]+(\.[0-9]{1,2}){0,2}$/;

export interface ClassificationNode {
  id: number;
  code: string;
  title: string;
  parentId: number | null;
  active: boolean;
  /** Procedure types whose documents are classified here. */
  procedures: number;
}

export interface ProcedureClassification {
  procedureTypeId: number;
  code: string;
  name: string;
  officeName: string;
  classificationId: number | null;
}

export interface Titolario {
  nodes: ClassificationNode[];
  procedures: ProcedureClassification[];
}

export const SaveClassificationInput = z
  .object({
    /** Absent for a new node. */
    id: z.number().int().positive().optional(),
    code: z.string().trim().toUpperCase().regex(CLASSIFICATION_CODE, 'classification_code'),
    title: z.string().trim().min(3, 'title_too_short').max(300),
    active: z.boolean().default(true),
  })
  .strict();
export type SaveClassificationInputValue = z.input<typeof SaveClassificationInput>;

export const ClassifyProcedureInput = z
  .object({ procedureTypeId: z.number().int().positive(), classificationId: z.number().int().positive() })
  .strict();

export const titolarioChannels = {
  'titolario/get': channel<Titolario>()(z.object({}).strict()),
  'titolario/save': channel<Titolario>()(SaveClassificationInput),
  'titolario/classifyProcedure': channel<Titolario>()(ClassifyProcedureInput),
};
