import { useId } from 'preact/hooks';
import { CopyButton } from '@/components/CopyButton';

export interface CodeSnippetProps {
  title: string;
  code: string;
  copyLabel: string;
}

/** A titled, copyable block of code, rendered as text (never as HTML). */
export function CodeSnippet({ title, code, copyLabel }: CodeSnippetProps) {
  const id = useId();
  return (
    <figure class="snippet" aria-labelledby={id}>
      <figcaption id={id} class="snippet__title">
        <span>{title}</span>
        <CopyButton text={code} label={copyLabel} />
      </figcaption>
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard to be scrolled (WCAG 2.1.1, axe scrollable-region-focusable) */}
      <pre class="snippet__code" tabIndex={0}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}
