// The server's process, started by us rather than by the language client: its stderr reaches the
// log at the level each line states (the client would log every line at info), and a stop waits
// for the process to exit, so nothing is written to the log after the window has closed it. (The
// client also logs a clean exit as an error.) No vscode import: unit-tested with real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export interface ProcessLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type Level = 'info' | 'warn' | 'error';

const PREFIXES: [RegExp, Level][] = [
  [/^(ERROR|CRITICAL)\b/, 'error'],
  [/^WARNING\b/, 'warn'],
  [/^(INFO|DEBUG)\b/, 'info'],
];

/**
 * The level of each stderr line: the server's log records start with theirs; any other line
 * continues the record before it (a traceback's lines), or stands alone as an error (Python's
 * own report of an uncaught exception).
 */
export class StderrLevels {
  private current: Level = 'error';
  private partial = '';

  /** Splits a chunk of stderr into complete lines with their levels; keeps a partial line. */
  push(chunk: string): [Level, string][] {
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    return lines.filter((line) => line.trim() !== '').map((line) => [this.levelOf(line), line]);
  }

  /** The partial line left at the end, if any. */
  flush(): [Level, string][] {
    const rest = this.partial;
    this.partial = '';
    return rest.trim() === '' ? [] : [[this.levelOf(rest), rest]];
  }

  private levelOf(line: string): Level {
    const found = PREFIXES.find(([pattern]) => pattern.test(line));
    if (found) this.current = found[1];
    else if (!/^\s/.test(line) && !line.startsWith('Traceback')) this.current = 'error';
    return this.current;
  }
}

export class ServerProcess {
  private readonly child: ChildProcess;
  private stopping = false;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv, log: ProcessLog) {
    this.child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const levels = new StderrLevels();
    const write = (entries: [Level, string][]): void => {
      for (const [level, line] of entries) log[level](line);
    };
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => write(levels.push(chunk)));
    this.child.on('error', (error) => log.error(`The server process failed: ${error.message}`));
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => {
        write(levels.flush());
        if (!this.stopping && code !== 0) log.error(`The server exited with ${code === null ? `signal ${String(signal)}` : `code ${code}`}`);
        resolve(code);
      });
    });
  }

  /** The streams the language client talks over. */
  get streams(): { reader: Readable; writer: Writable } {
    const { stdout, stdin } = this.child;
    if (!stdout || !stdin) throw new Error('the server process has no stdio pipes');
    return { reader: stdout, writer: stdin };
  }

  /** After the client's shutdown and exit: waits for the process to end, killing it if it lingers. */
  async stop(timeoutMs: number): Promise<number | null> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    try {
      if ((await Promise.race([this.exited, late])) === 'late') {
        this.child.kill();
        return await this.exited;
      }
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
