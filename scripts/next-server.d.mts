// Types of next-server.mjs, for the tests that import it.
export declare const DEFAULT_SERVER_NODE_ARGS: string[]
export declare function serverEnv(env?: Record<string, string | undefined>): Record<string, string | undefined>
export declare function serverNodeArgs(env?: Record<string, string | undefined>): string[]
export declare function nextStartCommand(
  nextArgs: string[],
  options?: { env?: Record<string, string | undefined>; extraNodeArgs?: string[] },
): [command: string, args: string[]]
