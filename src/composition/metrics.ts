import client from 'prom-client';
import type { GatewayMetrics } from '../ocpp/gateway.js';

export interface PlatformMetrics {
  readonly registry: client.Registry;
  readonly gateway: GatewayMetrics;
}

/** Prometheus metrics of this process (served at /metrics). */
export function createMetrics(): PlatformMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const calls = new client.Histogram({
    name: 'ocpp_inbound_call_seconds',
    help: 'Time to handle an inbound OCPP call, until its data is durable',
    labelNames: ['action', 'protocol', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const connected = new client.Gauge({ name: 'ocpp_connected_stations', help: 'Stations connected to this node', registers: [registry] });
  const rejected = new client.Counter({ name: 'ocpp_rejected_upgrades_total', help: 'Refused OCPP handshakes', labelNames: ['reason'], registers: [registry] });
  return {
    registry,
    gateway: {
      call: (action, protocol, seconds, outcome) => calls.observe({ action, protocol, outcome }, seconds),
      connections: (n) => connected.set(n),
      rejectedUpgrade: (reason) => rejected.inc({ reason }),
    },
  };
}
