import assert from 'node:assert/strict';
import { VERSION_SCRIPT, type ProcessRunner, type RunResult } from '../src/interpreter';

/** What running the version check gives on a fake machine: a version ("3.11", its executable
 * being the command itself), a version and the executable it reports, "crash", or a whole result. */
export type FakePython = RunResult | string | [string, string];

/** A fake machine: command -> what running the version check gives; records the commands run. */
export function fakeRunner(machine: Record<string, FakePython>): { run: ProcessRunner; calls: string[] } {
  const calls: string[] = [];
  const run: ProcessRunner = (command, args) => {
    calls.push(command);
    assert.deepEqual(args, ['-c', VERSION_SCRIPT]);
    const entry = machine[command];
    if (entry === undefined) return Promise.resolve({ exitCode: null, stdout: '', stderr: '', spawnError: 'not found' });
    if (entry === 'crash') return Promise.resolve({ exitCode: 1, stdout: '', stderr: 'Fatal Python error: init_fs_encoding\n' });
    if (typeof entry === 'object' && !Array.isArray(entry)) return Promise.resolve(entry);
    const [version, executable] = typeof entry === 'string' ? [entry, command] : entry;
    return Promise.resolve({ exitCode: 0, stdout: `${version}\n${JSON.stringify(executable)}\n`, stderr: '' });
  };
  return { run, calls };
}
