// Types of server.mjs, for the benchmarks written in TypeScript (bench:api).
export declare const OWNER: { email: string; password: string }
export declare const ADMIN: { email: string; password: string }
export declare function log(...a: unknown[]): void
export declare function out(o: object): void
export declare function requireBuild(): void
export declare function startServer(opts?: {
  databaseUrl?: string
}): Promise<{ base: string; port: number; pid: number; database: 'postgresql' | 'pglite'; stop(): Promise<void> }>
export declare function listeningPid(port: number): number | null
export declare function memoryMb(pid: number): { rss_mb: number; peak_rss_mb: number }
