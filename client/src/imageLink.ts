// Builds the Markdown for an image in the report's figures/ folder, and reads the optional
// arguments of the insertImage command. Pure.

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.svg'] as const;
export const FIGURES_FOLDER = 'figures';

export function isImageFile(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

function baseName(relativePath: string): string {
  const file = relativePath.split('/').pop() ?? relativePath;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/**
 * `relativePath` is the image's path inside figures/ (e.g. "a.png" or "sub/b.png").
 * Gives `![a](figures/a.png)`; a path with spaces or parentheses goes in <...>, which CommonMark
 * reads literally, instead of breaking the link.
 */
export function imageLinkText(relativePath: string): string {
  const normalized = relativePath.replace(/\\/g, '/').replace(/^\/+/, '');
  const alt = baseName(normalized).replace(/([\\[\]])/g, '\\$1');
  const target = `${FIGURES_FOLDER}/${normalized}`;
  const destination = /[\s()<>]/.test(target) ? `<${target.replace(/([<>])/g, '\\$1')}>` : target;
  return `![${alt}](${destination})`;
}

/** Natural order, so fig2.png comes before fig10.png in the quick pick. */
export function sortImagePaths(paths: readonly string[]): string[] {
  return [...paths].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }));
}

export interface InsertTarget {
  /** The document to insert into; the active editor's when absent. */
  uri?: string;
  /** Where to insert (0-based, LSP style); the cursor when absent. */
  position?: { line: number; character: number };
}

function asPosition(value: unknown): InsertTarget['position'] {
  if (typeof value !== 'object' || value === null) return undefined;
  const { line, character } = value as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0
    ? { line: line as number, character: character as number }
    : undefined;
}

/**
 * The command may come from the palette (no arguments) or from a server code action, which can
 * pass `(uri, position)` or `({ uri, position })`; anything else is ignored.
 */
export function parseInsertTarget(args: readonly unknown[]): InsertTarget {
  const [first, second] = args;
  if (typeof first === 'string') return { uri: first, position: asPosition(second) };
  if (typeof first === 'object' && first !== null) {
    const record = first as Record<string, unknown>;
    return { uri: typeof record.uri === 'string' ? record.uri : undefined, position: asPosition(record.position) };
  }
  return {};
}
