// Types of next-server.mjs, for the tests that import it.
export declare const DEFAULT_SERVER_NODE_ARGS: string[]
export declare function serverEnv(env?: Record<string, string | undefined>): Record<string, string | undefined>
export declare function serverNodeArgs(env?: Record<string, string | undefined>): string[]
export declare function nextStartCommand(
  nextArgs: string[],
  options?: { env?: Record<string, string | undefined>; extraNodeArgs?: string[] },
): [command: string, args: string[]]
export declare function exitCodeOf(code: number | null, signal: NodeJS.Signals | null, forwarded?: NodeJS.Signals | null): number
export declare function supervise(child: import('node:child_process').ChildProcess): void
