// Types of mail-catcher.mjs, for the specs that start one.
export declare function startMailCatcher(options?: {
  smtpPort?: number
  httpPort?: number
  log?: boolean
}): Promise<{ smtpPort: number; httpPort: number; close: () => Promise<void> }>
