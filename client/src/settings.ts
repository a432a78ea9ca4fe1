// Maps the user's `mlopsReport` settings to what the server is given through
// workspace/configuration (CONTRACT.md), dropping invalid values so the server never sees them.

export const EDITIONS = ['auto', 'A0', 'A1', 'B1', 'B2', 'B3'] as const;
export type Edition = (typeof EDITIONS)[number];

export const LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type Level = (typeof LEVELS)[number];

export const RUN_MODES = ['onType', 'onSave'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const SECTION = 'mlopsReport';

export interface ServerSettings {
  edition: Edition;
  severity: Record<string, Level>;
  debounce: number;
  run: RunMode;
}

export const DEFAULT_SERVER_SETTINGS: Readonly<ServerSettings> = Object.freeze({
  edition: 'auto',
  severity: {},
  debounce: 150,
  run: 'onType',
});

export interface Mapped {
  settings: ServerSettings;
  /** Human-readable notes about values that were ignored, for the log. */
  problems: string[];
}

const LEVEL_ALIASES: Record<string, Level> = { info: 'information', warn: 'warning', none: 'off' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  if (typeof value !== 'string') return undefined;
  const wanted = value.trim().toLowerCase();
  return allowed.find((option) => option.toLowerCase() === wanted);
}

/** `raw` is the `mlopsReport` section as VS Code returns it (client-only keys are left out). */
export function toServerSettings(raw: unknown): Mapped {
  const section = isRecord(raw) ? raw : {};
  const problems: string[] = [];
  const settings: ServerSettings = { ...DEFAULT_SERVER_SETTINGS, severity: {} };

  if (section.edition !== undefined) {
    const edition = pick(EDITIONS, section.edition);
    if (edition) settings.edition = edition;
    else problems.push(`edition ${JSON.stringify(section.edition)} is not one of ${EDITIONS.join(', ')}; using "auto"`);
  }

  if (section.severity !== undefined && !isRecord(section.severity)) {
    problems.push('severity must be an object mapping a diagnostic code to a level; ignored');
  } else if (isRecord(section.severity)) {
    for (const [code, value] of Object.entries(section.severity)) {
      const level = pick(LEVELS, value) ?? (typeof value === 'string' ? LEVEL_ALIASES[value.trim().toLowerCase()] : undefined);
      // Unknown codes are passed on: a newer server may know codes this client does not.
      if (level) settings.severity[code] = level;
      else problems.push(`severity of "${code}": ${JSON.stringify(value)} is not one of ${LEVELS.join(', ')}; ignored`);
    }
  }

  if (section.debounce !== undefined) {
    const debounce = section.debounce;
    if (typeof debounce === 'number' && Number.isFinite(debounce)) settings.debounce = Math.max(0, Math.round(debounce));
    else problems.push(`debounce ${JSON.stringify(debounce)} is not a number of milliseconds; using ${DEFAULT_SERVER_SETTINGS.debounce}`);
  }

  if (section.run !== undefined) {
    const run = pick(RUN_MODES, section.run);
    if (run) settings.run = run;
    else problems.push(`run ${JSON.stringify(section.run)} is not one of ${RUN_MODES.join(', ')}; using "onType"`);
  }

  return { settings, problems };
}

/**
 * Post-processes a workspace/configuration answer: items asking for the whole `mlopsReport`
 * section get the mapped server settings; anything else passes through unchanged.
 */
export function sanitizeConfiguration(
  items: readonly { section?: string | null }[],
  results: readonly unknown[],
  onProblem: (problem: string) => void = () => undefined,
): unknown[] {
  return results.map((result, index) => {
    if (items[index]?.section !== SECTION) return result;
    const { settings, problems } = toServerSettings(result);
    problems.forEach(onProblem);
    return settings;
  });
}

/** Expands `~`, `${userHome}` and `${workspaceFolder}` in the interpreter setting. */
export function expandInterpreterPath(value: string, context: { home: string; workspaceFolder?: string }): string {
  let expanded = value.trim();
  if (expanded === '~' || expanded.startsWith('~/') || expanded.startsWith('~\\')) {
    expanded = context.home + expanded.slice(1);
  }
  expanded = expanded.split('${userHome}').join(context.home);
  if (context.workspaceFolder !== undefined) {
    expanded = expanded.split('${workspaceFolder}').join(context.workspaceFolder);
  }
  return expanded;
}
