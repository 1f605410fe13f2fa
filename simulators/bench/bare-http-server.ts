/**
 * Baseline for the availability benchmark: a bare fastify server with one GET route returning a
 * fixed JSON object (a real /v1/locations answer captured by the benchmark, serialized per request
 * as fastify does for any object). Run as a child process:
 *   tsx simulators/bench/bare-http-server.ts BODY_JSON_FILE   → prints "READY <port>"
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const body = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Record<string, unknown>;
const app = Fastify({ logger: false });
app.get('/v1/locations', async () => body);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`READY ${new URL(address).port}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
