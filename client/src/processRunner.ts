// Runs a short-lived process (the interpreter version check) with a time limit.
import { execFile } from 'node:child_process';
import type { ProcessRunner } from './interpreter';

export function makeProcessRunner(timeoutMs = 15_000): ProcessRunner {
  return (command, args) =>
    new Promise((resolve) => {
      execFile(command, [...args], { timeout: timeoutMs, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (!error) {
          resolve({ exitCode: 0, stdout, stderr });
        } else if (error.killed) {
          resolve({ exitCode: null, stdout, stderr, spawnError: `no answer within ${timeoutMs / 1000} s` });
        } else if (typeof error.code === 'number') {
          resolve({ exitCode: error.code, stdout, stderr });
        } else {
          const reason = error.code === 'ENOENT' ? 'not found' : error.code === 'EACCES' ? 'not executable' : error.message;
          resolve({ exitCode: null, stdout, stderr, spawnError: reason });
        }
      });
    });
}
