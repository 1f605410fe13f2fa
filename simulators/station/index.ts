export { SimulatedStation, StationOfflineError } from './station.js';
export type { SimulatedStationOptions, StartSessionOptions } from './station.js';
export { MeterRegisters } from './meter-registers.js';
export { advanceEnergy, chargingPowerW, taperFactor, isAc, wireWh } from './energy.js';
export { createRpcClient, rpcErrorOf } from './rpc-client.js';
export type { RpcClient, RpcClientOptions } from './rpc-client.js';
export type { ReplayOptions, ReplaySummary } from './offline-queue.js';
export type * from './types.js';
