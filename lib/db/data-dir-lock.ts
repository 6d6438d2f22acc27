import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

// One process per embedded database folder: two PGlite instances on one folder lose data. The
// lock is the operating system's (flock(2) on `<dir>.lock`), so it goes when the process goes —
// kill -9, out-of-memory killer, a container restarted with the same pid — and nothing compares
// pids. The pid written in the file is only for the message.

export class DataDirLockedError extends Error {
  constructor(dir: string, holder: string) {
    super(
      `The embedded database in ${dir} is in use by another process${holder ? ` (pid ${holder})` : ''}. ` +
        'Two processes on one PGlite folder lose data, so this one stops. ' +
        'Stop the other server, or set PGLITE_DIR to another folder, or DATABASE_URL to a PostgreSQL server.',
    )
    this.name = 'DataDirLockedError'
  }
}

const LOCKED_EXIT = 75

/**
 * Takes an exclusive lock on the embedded database's folder and returns its release. Node.js has
 * no flock() of its own: the lock file is opened here and util-linux `flock` locks that very open
 * file (the descriptor is handed to it), so the lock belongs to this process's descriptor and
 * lasts until it is closed — by release() or by the kernel when the process dies. Where `flock`
 * is not installed (macOS) a pid file stands in.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(path.dirname(path.resolve(dir)), `${path.basename(dir)}.lock`)
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600)
  const r = spawnSync('flock', ['--exclusive', '--nonblock', '--conflict-exit-code', String(LOCKED_EXIT), '3'], {
    stdio: ['ignore', 'ignore', 'pipe', fd],
    encoding: 'utf8',
  })
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    fs.closeSync(fd)
    return pidFileLock(dir, `${file}.pid`)
  }
  if (r.status !== 0) {
    const holder = fs.readFileSync(file, 'utf8').trim()
    fs.closeSync(fd)
    if (r.status === LOCKED_EXIT) throw new DataDirLockedError(dir, holder)
    throw new Error(`Could not lock ${dir}: ${r.error?.message ?? r.stderr.trim()}`)
  }
  fs.ftruncateSync(fd, 0)
  fs.writeSync(fd, String(process.pid), 0)
  let held = true
  const release = () => {
    if (!held) return
    held = false
    fs.closeSync(fd) // the last descriptor of the open file: the kernel drops the lock
    process.off('exit', release)
  }
  process.on('exit', release)
  return release
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Without flock: a file created with O_EXCL holding our pid; a lock whose process is gone is taken over. */
function pidFileLock(dir: string, file: string): () => void {
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
      if (pid && alive(pid)) throw new DataDirLockedError(dir, String(pid))
      fs.rmSync(file, { force: true }) // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${dir}`)
}
