/**
 * The links of a markdown file, and the anchors GitHub gives its headings: what pack-check and
 * the repository's documentation tests look at. Code (fenced blocks and inline spans) is not
 * searched for links.
 */

/**
 * A link found in a markdown file.
 * @typedef {{ readonly target: string, readonly line: number }} MarkdownLink
 */

/** Fenced code blocks, whose lines are neither links nor headings. */
const fence = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * The lines of `markdown` outside fenced code blocks, with their 1-based numbers.
 * @param {string} markdown
 * @returns {{ text: string, line: number }[]}
 */
function proseLines(markdown) {
  /** @type {{ text: string, line: number }[]} */
  const lines = [];
  /** @type {string | undefined} */
  let open;
  markdown.split('\n').forEach((text, index) => {
    const marker = fence.exec(text)?.[1];
    if (open !== undefined) {
      if (marker !== undefined && marker[0] === open[0] && marker.length >= open.length) {
        open = undefined;
      }
    } else if (marker !== undefined) {
      open = marker;
    } else {
      lines.push({ text, line: index + 1 });
    }
  });
  return lines;
}

/**
 * `text` with each inline code span replaced by the word `code` (its brackets are not links).
 * @param {string} text
 */
function withoutCodeSpans(text) {
  return text.replace(/(`+)[^`]*?\1/g, 'code');
}

/**
 * Every link target of `markdown`: inline links and images `[text](target "title")`, reference
 * definitions `[name]: target`, and HTML `href` / `src` attributes.
 * @param {string} markdown
 * @returns {MarkdownLink[]}
 */
export function markdownLinks(markdown) {
  /** @type {MarkdownLink[]} */
  const links = [];
  for (const { text, line } of proseLines(markdown)) {
    const prose = withoutCodeSpans(text);
    for (const match of prose.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: match[1] ?? '', line });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(prose);
    if (definition?.[1] !== undefined) links.push({ target: definition[1], line });
    for (const match of prose.matchAll(/\b(?:href|src)\s*=\s*"([^"]*)"/g)) {
      links.push({ target: match[1] ?? '', line });
    }
  }
  return links;
}

/**
 * True for a link that leaves the file tree: a URL with a scheme (`https:`, `mailto:`) or a
 * protocol-relative `//host/...`.
 * @param {string} target
 */
export function isAbsoluteUrl(target) {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/**
 * The anchor GitHub gives a heading: lower case, formatting and punctuation dropped (letters,
 * digits, `-`, `_` and spaces kept), spaces turned into `-`.
 * @param {string} heading the heading's text, without the leading `#`s
 */
export function githubSlug(heading) {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/**
 * The anchors of every heading of `markdown`, as GitHub makes them (a repeated heading gets
 * `-1`, `-2`, ...).
 * @param {string} markdown
 * @returns {Set<string>}
 */
export function markdownAnchors(markdown) {
  const anchors = new Set();
  /** @type {Map<string, number>} */
  const seen = new Map();
  for (const { text } of proseLines(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
