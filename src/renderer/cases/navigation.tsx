/**
 * Moving between the workspace's pages and a case: any page (worklist, dossier, inbox) opens a case
 * over itself, and the case opens the applicant's dossier. The page under the case stays mounted,
 * so closing the case returns to the same rows, scroll position and search.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { PartyKind } from '../../shared/api/people';
import { CaseScreen } from './CaseScreen';
import './cases.css';

export interface PartyRef {
  kind: PartyKind;
  id: number;
}

export interface WorkspaceNavigation {
  openCase(instanceId: number): void;
  openDossier(party: PartyRef): void;
}

const NavigationContext = createContext<WorkspaceNavigation | null>(null);

export function useWorkspaceNavigation(): WorkspaceNavigation {
  const value = useContext(NavigationContext);
  if (!value) throw new Error('useWorkspaceNavigation must be used inside <CaseLayer>');
  return value;
}

export interface CaseLayerState {
  navigation: WorkspaceNavigation;
  openCaseId: number | null;
  closeCase(): void;
  /** The dossier asked for last (from a case's applicant), with a counter so asking again reopens it. */
  dossierRequest: { party: PartyRef; serial: number } | null;
}

/** The shell's navigation state; `showDossierPage` switches the shell to the dossier page. */
export function useCaseLayer(showDossierPage: () => void): CaseLayerState {
  const [openCaseId, setOpenCaseId] = useState<number | null>(null);
  const [dossierRequest, setDossierRequest] = useState<CaseLayerState['dossierRequest']>(null);
  const closeCase = useCallback(() => setOpenCaseId(null), []);
  const navigation = useMemo<WorkspaceNavigation>(
    () => ({
      openCase: (instanceId) => setOpenCaseId(instanceId),
      openDossier: (party) => {
        setDossierRequest((previous) => ({ party, serial: (previous?.serial ?? 0) + 1 }));
        setOpenCaseId(null);
        showDossierPage();
      },
    }),
    [showDossierPage],
  );
  return { navigation, openCaseId, closeCase, dossierRequest };
}

/** The page, hidden (not unmounted) while a case is open over it. */
export function CaseLayer({ layer, children }: { layer: CaseLayerState; children: ReactNode }) {
  return (
    <NavigationContext.Provider value={layer.navigation}>
      <div className="shell-page" hidden={layer.openCaseId !== null}>
        {children}
      </div>
      {layer.openCaseId !== null && <CaseScreen key={layer.openCaseId} instanceId={layer.openCaseId} onClose={layer.closeCase} />}
    </NavigationContext.Provider>
  );
}
