import { Fragment } from 'react';

/** Text from the engine whose `backticked` parts are commands or code: shown as <code>, never as backticks. */
export function InlineCode({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}

/** The same text for places that take plain text only (a title attribute). */
export function plainText(text: string): string {
  return text.replace(/`([^`]+)`/g, '$1');
}
