import type { ReactNode } from 'react';

/** Labelled facts of a dossier (label, then value), laid out in columns. */
export function DossierFacts({ facts, testId }: { facts: ReadonlyArray<readonly [string, ReactNode]>; testId: string }) {
  return (
    <dl className="case-facts dossier-facts" data-testid={testId}>
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
