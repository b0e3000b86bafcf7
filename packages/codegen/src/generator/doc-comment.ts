/**
 * A JSDoc block for a `.proto` comment, indented by `indent`; empty when there is none. A closing
 * star-slash in the comment is broken up so it cannot end the block early.
 */
export function docComment(comment: string | null | undefined, indent = ''): string {
  const text = (comment ?? '').trim();
  if (text === '') return '';
  const lines = text.split('\n').map((line) => line.trimEnd().replace(/\*\//g, '*\\/'));
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line === '' ? '' : ` ${line}`}`).join('\n')}\n${indent} */\n`;
}
