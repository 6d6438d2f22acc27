// Types of engine-independent.mjs (read by scripts/test.mjs and the unit test that checks it).
export declare const ENGINE_INDEPENDENT: { file: string; why: string }[]
