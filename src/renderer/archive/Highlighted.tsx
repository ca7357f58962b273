import type { HighlightedText } from '../../shared/api/archive';

/** Text with the parts that matched the search marked (<mark>), never set as HTML. */
export function Highlighted({ text, className }: { text: HighlightedText; className?: string }) {
  return (
    <span className={className}>
      {text.map((segment, index) =>
        segment.hit ? (
          <mark key={index} className="archive-hit">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </span>
  );
}

/** The plain text of highlighted text (for tooltips and accessible names). */
export function plainText(text: HighlightedText): string {
  return text.map((segment) => segment.text).join('');
}
