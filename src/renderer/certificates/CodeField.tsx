/**
 * A code the clerk types at the counter (the marca's serial, the IUBD, the pagoPA reference): its
 * label, a hint of its shape and, once the clerk tried to go on, what is wrong with it.
 */
export function CodeField({
  field,
  testId,
  label,
  hint,
  value,
  maxLength,
  numeric = false,
  error,
  onChange,
}: {
  /** Names the hint and the error (`counter-<field>-hint`, `counter-<field>-error`). */
  field: string;
  testId: string;
  label: string;
  hint: string;
  value: string;
  maxLength: number;
  numeric?: boolean;
  error: string | null;
  onChange(value: string): void;
}) {
  const hintId = `counter-${field}-hint`;
  const errorId = `counter-${field}-error`;
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input input-mono counter-serial"
        data-testid={testId}
        inputMode={numeric ? 'numeric' : undefined}
        autoComplete="off"
        maxLength={maxLength}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        onChange={(event) => onChange(event.target.value)}
      />
      <span className="field-hint" id={hintId}>
        {hint}
      </span>
      {error && (
        <span className="field-error" id={errorId} data-testid={errorId}>
          {error}
        </span>
      )}
    </label>
  );
}
