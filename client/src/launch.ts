// How the server process is started (CONTRACT.md "Launch"). Pure, so both modes are tested.
import * as path from 'node:path';

export interface LaunchPlan {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  mode: 'bundled' | 'development';
}

export function bundledLauncher(extensionPath: string): string {
  return path.join(extensionPath, 'bundled', 'tool', 'launch.py');
}

/**
 * In the .vsix: `python -I bundled/tool/launch.py`, isolated from the user's PYTHONPATH and site
 * packages. From a checkout (nothing bundled): `python -m mlops_report` with the repo's server/
 * first on PYTHONPATH; its dependencies must then be installed in that Python.
 */
export function launchPlan(options: {
  python: string;
  extensionPath: string;
  bundled: boolean;
  env: Record<string, string | undefined>;
  delimiter?: string;
}): LaunchPlan {
  const { python, extensionPath, env } = options;
  if (options.bundled) {
    return { command: python, args: ['-I', bundledLauncher(extensionPath)], env: { ...env }, mode: 'bundled' };
  }
  const serverDir = path.join(extensionPath, 'server');
  const existing = env.PYTHONPATH;
  const pythonPath = existing ? `${serverDir}${options.delimiter ?? path.delimiter}${existing}` : serverDir;
  return { command: python, args: ['-m', 'mlops_report'], env: { ...env, PYTHONPATH: pythonPath }, mode: 'development' };
}
