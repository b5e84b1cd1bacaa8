// Watchdog for a process group the dev launcher (or a test) started: it holds a pipe from its
// parent and, when that pipe closes because the parent ended for any reason (Ctrl-C, SIGHUP from
// a closed terminal, a crash, even SIGKILL, which no handler in the parent can catch), ends the
// group: SIGTERM, then SIGKILL after a grace period. Plain JavaScript, run by the same `node`,
// so it needs no loader. Usage: node local/reaper.mjs <pgid>
const pgid = Number(process.argv[2]);
const GRACE_MS = 3000;

// The terminal's SIGHUP (and a Ctrl-C meant for the launcher) must not end the watchdog first.
for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM']) process.on(signal, () => {});

function alive() {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function reap() {
  if (!alive()) process.exit(0);
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    // gone meanwhile
  }
  const deadline = Date.now() + GRACE_MS;
  const timer = setInterval(() => {
    if (!alive()) process.exit(0);
    if (Date.now() < deadline) return;
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    clearInterval(timer);
    process.exit(0);
  }, 100);
}

process.stdin.on('end', reap);
process.stdin.on('error', reap);
process.stdin.resume();
