import type { ReactNode } from 'react';

/** A group of radio choices of the counter (arrows move and choose, as the platform's radios do). */
export function RadioChoices<T extends string>({
  name,
  label,
  testId,
  options,
  value,
  onChange,
  render,
  className = 'counter-choices',
}: {
  name: string;
  label: string;
  testId: string;
  options: readonly T[];
  value: T | null;
  onChange(value: T): void;
  render(option: T): ReactNode;
  className?: string;
}) {
  return (
    <div className={className} role="radiogroup" aria-label={label} data-testid={testId}>
      {options.map((option) => (
        <label key={option} className="counter-choice">
          <input
            type="radio"
            name={name}
            value={option}
            data-testid={`${name}-${option}`}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          {render(option)}
        </label>
      ))}
    </div>
  );
}
