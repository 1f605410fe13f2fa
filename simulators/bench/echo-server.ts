/**
 * The ceiling: a bare `ws` server that answers every OCPP CALL with an empty CALLRESULT
 * (JSON parse + stringify per message, as a real gateway must at least do). Run as a child process:
 *   tsx simulators/bench/echo-server.ts PORT   → prints "READY <port>"
 */
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 0);
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: false,
  handleProtocols: (protocols) => protocols.values().next().value ?? false,
});
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (Array.isArray(frame) && frame[0] === 2) ws.send(JSON.stringify([3, frame[1], {}]));
  });
});
wss.on('listening', () => {
  const address = wss.address();
  console.log(`READY ${address && typeof address === 'object' ? address.port : port}`);
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
