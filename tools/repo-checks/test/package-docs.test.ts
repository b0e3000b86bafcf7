import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { isAbsoluteUrl, markdownAnchors, markdownLinks } from '../bin/markdown-links.mjs';
import { repositoryRoot } from './helpers/run-command.js';

/**
 * What a published package tells its readers on npm: its manifest names the repository, its
 * homepage and where to report bugs, and its README links work there too (npm shows the README
 * without the rest of the repository, so a relative path in it is a dead link). Links into the
 * repository, absolute or relative, point at files and headings that exist.
 */

const repositoryUrl = 'https://github.com/yrpc/yrpc';

interface PublishedPackage {
  /** The directory's name under packages/. */
  readonly name: string;
  readonly manifest: {
    name: string;
    private?: boolean;
    files?: string[];
    repository?: unknown;
    homepage?: unknown;
    bugs?: unknown;
  };
}

async function publishedPackages(): Promise<PublishedPackage[]> {
  const found: PublishedPackage[] = [];
  for (const entry of await readdir(join(repositoryRoot, 'packages'), { withFileTypes: true })) {
    const manifestPath = join(repositoryRoot, 'packages', entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(
      await readFile(manifestPath, 'utf8'),
    ) as PublishedPackage['manifest'];
    if (manifest.private !== true) found.push({ name: entry.name, manifest });
  }
  return found;
}

/** The markdown files at the top of `directory` (relative to the repository root). */
async function markdownFilesIn(directory: string): Promise<string[]> {
  const entries = await readdir(join(repositoryRoot, directory), { withFileTypes: true }).catch(
    () => [],
  );
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(directory, entry.name));
}

/** The documentation whose links are checked: the root's, docs/, packages' and examples'. */
async function documentationFiles(): Promise<string[]> {
  const files = [...(await markdownFilesIn('.')), ...(await markdownFilesIn('docs'))];
  for (const group of ['packages', 'examples']) {
    for (const entry of await readdir(join(repositoryRoot, group), { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(...(await markdownFilesIn(join(group, entry.name))));
    }
  }
  return files.filter((file) => !file.endsWith('CHANGELOG.md'));
}

const anchorCache = new Map<string, Set<string>>();

async function anchorsOf(file: string): Promise<Set<string>> {
  let anchors = anchorCache.get(file);
  if (anchors === undefined) {
    anchors = markdownAnchors(await readFile(join(repositoryRoot, file), 'utf8'));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

/**
 * What is wrong with a link to `path` (relative to the repository root, `''` for the root) with
 * an optional `#fragment`, or undefined when it points at something that exists. `kind` says
 * whether the link claims a file (`blob`) or a directory (`tree`); `any` takes either.
 */
async function problemOfTarget(
  path: string,
  fragment: string | undefined,
  kind: 'blob' | 'tree' | 'any',
): Promise<string | undefined> {
  if (path.split('/').includes('..')) return `leaves the repository`;
  const absolute = join(repositoryRoot, path);
  if (!existsSync(absolute)) return `${path || '.'} does not exist`;
  const isDirectory = statSync(absolute).isDirectory();
  if (kind === 'blob' && isDirectory) return `${path} is a directory: use /tree/main/`;
  if (kind === 'tree' && !isDirectory) return `${path} is a file: use /blob/main/`;
  if (fragment === undefined || fragment === '' || isDirectory || !path.endsWith('.md')) return;
  if (!(await anchorsOf(path)).has(fragment)) return `${path} has no heading #${fragment}`;
  return;
}

/** What is wrong with a link to a URL of the repository on GitHub, or undefined. */
async function problemOfRepositoryUrl(url: string): Promise<string | undefined> {
  const [location = '', fragment] = url.split('#', 2);
  const rest = location.slice(repositoryUrl.length);
  if (rest === '' || rest === '/' || rest === '/issues' || rest.startsWith('/issues/')) return;
  const match = /^\/(blob|tree)\/main(?:\/(.*?))?\/?$/.exec(rest);
  if (match === null) return 'is not a /blob/main/ or /tree/main/ URL of the repository';
  const kind = match[1] === 'blob' ? 'blob' : 'tree';
  // GitHub's own anchor for the README below a directory.
  const checkedFragment = kind === 'tree' && fragment === 'readme' ? undefined : fragment;
  return problemOfTarget(decodeURI(match[2] ?? ''), checkedFragment, kind);
}

/** Every problem of the links of one markdown file, as `file:line link: problem`. */
async function linkProblems(
  file: string,
  rule: { readonly relative: 'forbidden' | 'inside-directory' | 'allowed' },
): Promise<string[]> {
  const problems: string[] = [];
  const markdown = await readFile(join(repositoryRoot, file), 'utf8');
  const directory = dirname(file);
  for (const { target, line } of markdownLinks(markdown)) {
    const report = (problem: string) => problems.push(`${file}:${line} ${target}: ${problem}`);
    if (target.startsWith('#')) {
      if (!markdownAnchors(markdown).has(target.slice(1))) report('no such heading in this file');
      continue;
    }
    if (isAbsoluteUrl(target)) {
      if (target.startsWith(`${repositoryUrl}/`) || target === repositoryUrl) {
        const problem = await problemOfRepositoryUrl(target);
        if (problem !== undefined) report(problem);
      }
      continue;
    }
    if (rule.relative === 'forbidden') {
      report(`a relative link, dead on npm: use ${repositoryUrl}/blob/main/... or /tree/main/...`);
      continue;
    }
    const [pathPart = '', fragment] = target.split('#', 2);
    const path = relative(repositoryRoot, join(repositoryRoot, directory, decodeURI(pathPart)))
      .split(sep)
      .join('/');
    if (rule.relative === 'inside-directory' && !`${path}/`.startsWith(`${directory}/`)) {
      report(`leaves ${directory}/, which is all that is published`);
      continue;
    }
    const problem = await problemOfTarget(path, fragment, 'any');
    if (problem !== undefined) report(problem);
  }
  return problems;
}

describe('published packages', () => {
  test('every package.json names the repository, its homepage and where bugs go', async () => {
    const packages = await publishedPackages();
    expect(packages.map(({ name }) => name)).toContain('rpc');
    for (const { name, manifest } of packages) {
      expect(
        { repository: manifest.repository, homepage: manifest.homepage, bugs: manifest.bugs },
        `packages/${name}/package.json`,
      ).toEqual({
        repository: {
          type: 'git',
          url: `git+${repositoryUrl}.git`,
          directory: `packages/${name}`,
        },
        homepage: `${repositoryUrl}/tree/main/packages/${name}#readme`,
        bugs: `${repositoryUrl}/issues`,
      });
    }
  });

  test('READMEs link only URLs and their own headings (npm shows them without the repository)', async () => {
    const problems: string[] = [];
    for (const { name } of await publishedPackages()) {
      problems.push(
        ...(await linkProblems(`packages/${name}/README.md`, { relative: 'forbidden' })),
      );
    }
    expect(problems).toEqual([]);
  });

  test('the documents their READMEs cite from a package are published with it', async () => {
    const packages = await publishedPackages();
    const unpublished: string[] = [];
    for (const { name } of packages) {
      const readme = await readFile(join(repositoryRoot, `packages/${name}/README.md`), 'utf8');
      for (const { target } of markdownLinks(readme)) {
        const cited =
          /^https:\/\/github\.com\/yrpc\/yrpc\/blob\/main\/packages\/([^/]+)\/([^#]+\.md)/.exec(
            target,
          );
        if (cited === null || cited[2] === 'README.md') continue;
        const owner = packages.find((candidate) => candidate.name === cited[1]);
        if (owner !== undefined && !(owner.manifest.files ?? []).includes(cited[2] ?? '')) {
          unpublished.push(`packages/${name}/README.md cites ${cited[1]}/${cited[2]}`);
        }
      }
    }
    expect(unpublished, 'add them to "files" of their package.json').toEqual([]);
  });

  test('the other markdown files they publish link nothing outside the package', async () => {
    const problems: string[] = [];
    for (const { name, manifest } of await publishedPackages()) {
      for (const file of await markdownFilesIn(`packages/${name}`)) {
        const shipped = (manifest.files ?? []).includes(file.slice(`packages/${name}/`.length));
        if (file.endsWith('/README.md') || !shipped) continue;
        problems.push(...(await linkProblems(file, { relative: 'inside-directory' })));
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('documentation links', () => {
  test('links into the repository point at files, directories and headings that exist', async () => {
    const problems: string[] = [];
    for (const file of await documentationFiles()) {
      problems.push(...(await linkProblems(file, { relative: 'allowed' })));
    }
    for (const { name, manifest } of await publishedPackages()) {
      const homepage = String(manifest.homepage);
      const problem = await problemOfRepositoryUrl(homepage);
      if (problem !== undefined)
        problems.push(`packages/${name}/package.json homepage: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  test('every example has a README', async () => {
    const examples = await readdir(join(repositoryRoot, 'examples'), { withFileTypes: true });
    const missing = examples
      .filter((entry) => entry.isDirectory())
      .map((entry) => `examples/${entry.name}/README.md`)
      .filter((file) => !existsSync(join(repositoryRoot, file)));
    expect(missing).toEqual([]);
  });
});
