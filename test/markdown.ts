/** Reading Markdown for the document tests: fenced blocks, the commands in them, relative links and heading anchors. */

/** The bodies of the fenced blocks of one language (`sh`, `yaml`; the first word of the fence's info string), in order. */
export function fencedBlocks(markdown: string, lang: string): string[] {
  return fences(markdown)
    .filter((f) => f.info[0] === lang)
    .map((f) => f.body);
}

/**
 * The bodies of the blocks marked runnable: a fence opened with ```sh runnable holds `npx supernode` commands that run
 * as pasted from the repository root, cheaply, and exit 0 or the code a `# exits N` comment on the line says.
 */
export function runnableBlocks(markdown: string): string[] {
  return fences(markdown)
    .filter((f) => f.info[0] === 'sh' && f.info.includes('runnable'))
    .map((f) => f.body);
}

function fences(markdown: string): { info: string[]; body: string }[] {
  return [...markdown.matchAll(/^```([^\n`]*)\n([\s\S]*?)^```/gm)].map((m) => ({ info: (m[1] as string).trim().split(/\s+/), body: m[2] as string }));
}

/** A runnable block's lines, continuations joined, blank lines dropped: each command with the exit code its comment documents (0 unless `# exits N`). */
export function runnableCommands(block: string): { command: string; exit: number }[] {
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => ({ command: l.replace(/\s+#.*$/, '').trim(), exit: Number(/#\s*exits (\d+)\b/.exec(l)?.[1] ?? 0) }));
}

/** The `npx supernode ...` commands of a shell block, continuation lines joined and comments dropped. */
export function supernodeCommands(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l.startsWith('npx supernode'));
}

/** The targets of a Markdown text's links and images, outside code, that name a file of this repository (no scheme), with any anchor. */
export function relativeLinks(markdown: string): { file: string; anchor?: string }[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const targets = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map(
    (m) => m[1] as string,
  );
  return targets
    .filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t))
    .map((t) => {
      const [file, anchor] = t.split('#') as [string, string | undefined];
      return anchor === undefined ? { file: decodeURI(file) } : { file: decodeURI(file), anchor };
    });
}

/** The anchors GitHub gives a document's headings: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  return new Set(
    [...prose.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((m) =>
      (m[1] as string)
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}
