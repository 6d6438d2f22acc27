import fs from 'node:fs'
import path from 'node:path'

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by another process (pid ${pid}). ` +
        'Two processes on one PGlite folder lose data, so this one stops. ' +
        'Stop the other server, or set PGLITE_DIR to another folder, or DATABASE_URL to a PostgreSQL server.',
    )
    this.name = 'DataDirLockedError'
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes an exclusive lock on the embedded database's folder: a lock file created with O_EXCL
 * holding our pid. A lock left by a process that has died (kill -9, crash) is taken over.
 * Returns the release function; the lock is also released when the process exits.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(path.dirname(path.resolve(dir)), `${path.basename(dir)}.lock`)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      fs.writeSync(fd, String(process.pid))
      fs.closeSync(fd)
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file)
        } catch {}
        process.off('exit', release)
      }
      process.on('exit', release)
      return release
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number(fs.readFileSync(file, 'utf8').trim())
      if (pid && alive(pid)) throw new DataDirLockedError(dir, pid)
      fs.rmSync(file, { force: true }) // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dir}`)
}
