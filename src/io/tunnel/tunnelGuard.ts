/**
 * Run as its own process (`node tunnelGuard.js COMMAND ARGS...`) between `listen` and the tunnel
 * program: it starts COMMAND and stops it as soon as its standard input closes. `listen` holds
 * the other end of that pipe and nothing else does, so however `listen` ends (Ctrl-C, SIGTERM, an
 * error, kill -9, the terminal closing) the pipe closes and no cloudflared or ngrok is left
 * behind; Node offers no parent-death signal (prctl PR_SET_PDEATHSIG) to do this more directly.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

// cloudflared waits up to --grace-period for requests in flight; listen has already answered
// its deliveries when it lets go, so a tunnel that lingers past this is killed.
const GRACE_MS = 3000;

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], windowsHide: true });
let stopping = false;

function stop(): void {
  if (stopping) return;
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), GRACE_MS).unref();
}

child.on('error', (err: NodeJS.ErrnoException) => {
  process.stderr.write(`cannot start ${command}: ${err.code ?? err.message}\n`);
  process.exitCode = 127;
  process.stdin.destroy();
});
child.on('exit', (code, signal) => {
  // A tunnel killed by a signal is reported the way a shell does: 128 + the signal's number.
  process.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
  process.stdin.destroy();
});
process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();
// Signals meant for the tunnel's process group stop the tunnel the same way.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, stop);
