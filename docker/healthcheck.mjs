// The image's HEALTHCHECK (and docker-compose.yml's): GET /health/ready of the process this
// container runs, exit 0 when it answers 200. One image runs the API and the worker, so the command
// line of PID 1 (node itself, or docker-init in front of it) tells which port to ask: the worker's
// own listener (WORKER_HTTP_PORT, 3001) or the API (PORT, 3000).
import { readFileSync } from 'node:fs';

let command = '';
try {
  command = readFileSync('/proc/1/cmdline', 'utf8');
} catch {
  // Not Linux: fall back to the API.
}
const port = command.includes('apps/worker/') ? process.env.WORKER_HTTP_PORT || 3001 : process.env.PORT || 3000;
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.status === 200 ? 0 : 1),
  () => process.exit(1),
);
