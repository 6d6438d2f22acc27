// The part of autocannon's API the TypeScript benchmarks use (the package ships no types).
declare module 'autocannon' {
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string }
  type Options = { url: string; connections?: number; duration?: number; requests?: Request[]; headers?: Record<string, string> }
  type Result = { duration: number; requests: { total: number; average: number }; non2xx: number; errors: number; timeouts: number }
  export default function autocannon(options: Options): Promise<Result>
}
